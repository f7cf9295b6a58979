using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace TwoFactor.Cluster.Tests;

/// <summary>
/// A test that needs the PostgreSQL server CI starts (.ci/postgres.sh exports TWOFACTOR_TEST_POSTGRES).
/// Without the variable (a developer laptop) it is reported as skipped, with the reason.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Postgres.AdminConnectionString))
            Skip = "TWOFACTOR_TEST_POSTGRES is not set: start a server with `export TWOFACTOR_TEST_POSTGRES=$(bash .ci/postgres.sh start)`";
    }
}

/// <summary>A fresh database per test (dropped at the end) so that runs never see each other's journals.</summary>
public sealed class Postgres : IDisposable
{
    public static string? AdminConnectionString => Environment.GetEnvironmentVariable("TWOFACTOR_TEST_POSTGRES");

    private readonly string _database = $"tf_{Guid.NewGuid():N}"[..20];

    public Postgres()
    {
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", connection);
        create.ExecuteNonQuery();
        ConnectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = _database }.ConnectionString;
    }

    public string ConnectionString { get; }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            using var connection = new NpgsqlConnection(AdminConnectionString);
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // best effort: the CI server is thrown away anyway
        }
    }
}

public static class FreePort
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
