using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;
using Npgsql;
using TwoFactor.Cluster.Logging;

namespace TwoFactor.Cluster.Hosting;

/// <summary>The journal is unreachable or unusable; the message says which and why.</summary>
public sealed class JournalUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Where the coordinator's journal lives: a SQLite file (embedded default) or a PostgreSQL database.</summary>
public abstract record JournalTarget
{
    public sealed record Sqlite(string Path) : JournalTarget
    {
        public override string ToString() => Describe();
    }

    /// <summary>A PostgreSQL journal; its password is registered with <see cref="Secrets"/> and never printed.</summary>
    public sealed record Postgres : JournalTarget
    {
        public Postgres(string connectionString)
        {
            Secrets.RegisterConnectionString(connectionString);
            ConnectionString = connectionString;
        }

        public string ConnectionString { get; }

        // The generated ToString would print the connection string, password included.
        public override string ToString() => Describe();
    }

    /// <summary>The SQLite journal a sweep keeps next to its results when no other journal is given.</summary>
    public static string SqlitePathOf(string resultsRoot, string sweepId) => System.IO.Path.Combine(resultsRoot, sweepId, "journal.db");

    /// <summary>
    /// The journal of a sweep: <paramref name="given"/> (a PostgreSQL connection string or a .db path) or, when
    /// none is given, results/&lt;sweep_id&gt;/journal.db. `run`, `coordinator`, `repair` and `status` resolve it here.
    /// </summary>
    public static JournalTarget For(string? given, string resultsRoot, string sweepId) =>
        given is null ? new Sqlite(SqlitePathOf(resultsRoot, sweepId)) : Parse(given);

    /// <summary>SQLite file when the value is a path (or ends in .db), PostgreSQL when it looks like a connection string.</summary>
    public static JournalTarget Parse(string value) =>
        value.Contains('=') && !value.EndsWith(".db", StringComparison.OrdinalIgnoreCase) ? new Postgres(value) : new Sqlite(value);

    public string Describe() => this switch
    {
        Sqlite s => $"SQLite {s.Path}",
        Postgres p => $"PostgreSQL {DescribePostgres(p.ConnectionString)}",
        _ => GetType().Name,
    };

    /// <summary><see cref="Check"/> with 5 s, its failure as the <see cref="SweepStartException"/> a command reports.</summary>
    public void CheckBeforeStart()
    {
        try
        {
            Check(TimeSpan.FromSeconds(5));
        }
        catch (JournalUnavailableException e)
        {
            throw new SweepStartException(e.Message, e);
        }
    }

    /// <summary>
    /// Opens the database once, with a short timeout, so that a wrong path or an unreachable server is a clear
    /// error within seconds instead of Akka's recovery retrying in the background. For SQLite it also switches
    /// the file to WAL (about 3x faster persists, and `twofactor status` can read while a run writes).
    /// </summary>
    public void Check(TimeSpan timeout)
    {
        switch (this)
        {
            case Sqlite s:
                try
                {
                    var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(s.Path));
                    if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
                    using var connection = new SqliteConnection(SqliteConnectionString(s.Path));
                    connection.Open();
                    using var pragma = connection.CreateCommand();
                    pragma.CommandText = "PRAGMA journal_mode=WAL;";
                    pragma.ExecuteNonQuery();
                    // Garbage in the file: found now, with the way out, not as a stack trace from Akka's recovery.
                    pragma.CommandText = "PRAGMA quick_check;";
                    if (pragma.ExecuteScalar() is string verdict && verdict != "ok")
                        throw new JournalUnavailableException(Damaged(s.Path, verdict));
                }
                catch (SqliteException e) when (e.SqliteErrorCode is 11 or 26)
                {
                    throw new JournalUnavailableException(Damaged(s.Path, e.Message), e);
                }
                catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
                {
                    throw new JournalUnavailableException($"journal: cannot open SQLite file {s.Path}: {e.Message}", e);
                }
                break;
            case Postgres p:
                try
                {
                    var builder = new NpgsqlConnectionStringBuilder(p.ConnectionString) { Timeout = Math.Max(1, (int)timeout.TotalSeconds) };
                    using var connection = new NpgsqlConnection(builder.ConnectionString);
                    connection.Open();
                }
                catch (ArgumentException e)
                {
                    // Npgsql's message quotes the bad part, which may be the password: say only what is wrong.
                    throw new JournalUnavailableException("journal: the PostgreSQL connection string is malformed; expected " +
                        "key=value pairs separated by ';' (Host=...;Port=...;Username=...;Password=...;Database=...)", e);
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    throw new JournalUnavailableException(Secrets.Redact(
                        $"journal: cannot connect to PostgreSQL {DescribePostgres(p.ConnectionString)}: {e.Message}"), e);
                }
                break;
        }
    }

    private static string Damaged(string path, string reason) =>
        $"journal: {path} is damaged ({reason}): run `twofactor repair` with the same sweep file and --results " +
        "to rebuild it from the intact parts (the damaged file is kept)";

    /// <summary>Persistence HOCON for this target, on top of configs/akka/persistence.conf and the plugin defaults.</summary>
    public Config ToConfig()
    {
        var (connection, provider, parallelism) = this switch
        {
            // SQLite has a single writer: parallel batches only contend for the lock.
            Sqlite s => (SqliteConnectionString(s.Path), "SQLite.MS", 1),
            Postgres p => (p.ConnectionString, "PostgreSQL.15", 3),
            _ => throw new InvalidOperationException(),
        };
        var layers = new List<Config> { AkkaConfig.Value("akka.persistence.journal.sql.parallelism", parallelism) };
        foreach (var plugin in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql", "akka.persistence.query.journal.sql" })
        {
            layers.Add(AkkaConfig.Value($"{plugin}.connection-string", connection));
            layers.Add(AkkaConfig.Value($"{plugin}.provider-name", provider));
        }
        layers.Add(AkkaConfig.Load("persistence.conf"));
        layers.Add(SqlPersistence.DefaultConfiguration);
        return AkkaConfig.Stack(layers);
    }

    private static string SqliteConnectionString(string path) =>
        new SqliteConnectionStringBuilder { DataSource = System.IO.Path.GetFullPath(path), Pooling = false }.ConnectionString;

    private static string DescribePostgres(string connectionString)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{b.Host}:{b.Port}/{b.Database}";
        }
        catch (ArgumentException)
        {
            return "(unparsable connection string)";
        }
    }
}
