using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace TwoFactor.Cluster.Tests;

/// <summary>
/// The journal's password, given through a file or the environment, appears nowhere: not on stdout or
/// stderr, not in the log files, `status`/`sweeps` output, the spec snapshot or the Parquet rows.
/// </summary>
public sealed class CredentialTests : IDisposable
{
    private const string Sentinel = "Sentinel-Pw-7f3a9c";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string SecretFile(string connectionString)
    {
        var path = Path.Combine(_temp.Path, "secrets", "journal");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, connectionString + "\n");
        return path;
    }

    private static void AssertNoSentinel(string what, string text) =>
        Assert.False(text.Contains(Sentinel, StringComparison.Ordinal), $"the password leaked into {what}:\n{text}");

    /// <summary>Every file under the test folder except the secret file itself, as bytes read as Latin-1.</summary>
    private void AssertNoSentinelInFiles(string secretFile)
    {
        foreach (var file in Directory.EnumerateFiles(_temp.Path, "*", SearchOption.AllDirectories))
        {
            if (file == secretFile) continue;
            AssertNoSentinel(file, Encoding.Latin1.GetString(File.ReadAllBytes(file)));
        }
    }

    [Fact]
    public void Errors_never_show_the_password_whatever_its_source()
    {
        int port = FreePort.Next();
        var connection = $"Host=127.0.0.1;Port={port};Username=u;Password={Sentinel};Database=d";
        var file = SecretFile(connection);
        var attempts = new List<CliResult>
        {
            CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), "status", "--journal-file", file),
            Run(new Dictionary<string, string> { ["TWOFACTOR_JOURNAL"] = connection }, "sweeps"),
            Run(new Dictionary<string, string> { ["TWOFACTOR_JOURNAL_FILE"] = file }, "status"),
            // A typo right next to the password ('Password ' without '=') must not be quoted back either.
            CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), "status", "--journal", $"Host=127.0.0.1;Password {Sentinel};Port={port}"),
        };
        foreach (var attempt in attempts)
        {
            attempt.AssertOneErrorLine();
            AssertNoSentinel("stderr", attempt.Err);
            AssertNoSentinel("stdout", attempt.Out);
        }
        Assert.Contains($"cannot connect to PostgreSQL 127.0.0.1:{port}/d", attempts[0].Err);
        var missing = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(30), "status", "--journal-file", Path.Combine(_temp.Path, "nope"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--journal-file: cannot read", missing.Err);
    }

    private CliResult Run(IReadOnlyDictionary<string, string> env, params string[] args)
    {
        using var cli = CliProcess.Start(_temp.Path, env, args);
        return cli.Finish(TimeSpan.FromSeconds(60));
    }

    [PostgresFact]
    public void A_cluster_sweep_with_a_password_from_a_file_leaves_no_trace_of_it()
    {
        using var database = new Postgres();
        // The CI server trusts local connections, so any password is accepted, and this one is the sentinel.
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = Sentinel }.ConnectionString;
        var secret = SecretFile(connection);
        var spec = TestSweeps.Write(_temp.Path, "secret", seeds: 6);
        var results = Path.Combine(_temp.Path, "results");
        int port = FreePort.Next();
        var env = new Dictionary<string, string> { ["TWOFACTOR_JOURNAL_FILE"] = secret };

        using var coordinator = CliProcess.Start(_temp.Path, env, "coordinator", spec, "--port", port.ToString(), "--results", results, "--log-level", "debug");
        Poll.Until(() => coordinator.Out.Contains("coordinator akka.tcp://") || coordinator.HasExited, TimeSpan.FromSeconds(30), "the coordinator node");
        Assert.False(coordinator.HasExited, coordinator.Out + coordinator.Err);
        Assert.Contains("journal PostgreSQL 127.0.0.1:", coordinator.Out);
        using var worker = CliProcess.Start(_temp.Path, "worker", "--seed-nodes", $"127.0.0.1:{port}", "--slots", "1", "--engine", "reference", "--log-level", "debug");
        Assert.True(coordinator.WaitForExit(TimeSpan.FromSeconds(120)), coordinator.Out + coordinator.Err);
        Assert.True(coordinator.ExitCode == 0, coordinator.Out + coordinator.Err);
        Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(30)), worker.Out + worker.Err);
        var sweepId = SweepCli.SweepIdIn(coordinator.Out)!;

        var status = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), "status", sweepId, "--journal-file", secret, "--verbose");
        Assert.True(status.ExitCode == 0, status.Out + status.Err);
        Assert.Contains("done: 6/6", status.Out);
        var sweeps = Run(env, "sweeps", "--verbose");
        Assert.True(sweeps.ExitCode == 0, sweeps.Out + sweeps.Err);

        foreach (var (name, text) in new[] { ("coordinator stdout", coordinator.Out), ("coordinator stderr", coordinator.Err),
                     ("worker stdout", worker.Out), ("worker stderr", worker.Err), ("status", status.Out + status.Err), ("sweeps", sweeps.Out + sweeps.Err) })
            AssertNoSentinel(name, text);
        var directory = Path.Combine(results, sweepId);
        Assert.True(File.Exists(Path.Combine(directory, "twofactor.log")));
        Assert.True(File.Exists(Path.Combine(_temp.Path, "twofactor-worker.log")));
        AssertNoSentinelInFiles(secret);
        AssertNoSentinel("the Parquet rows", ParquetText(directory));
    }

    /// <summary>Every value of every row, as DuckDB renders it (compression may hide strings from a byte search).</summary>
    private static string ParquetText(string directory)
    {
        var rows = DuckDb.Query($"SELECT * FROM read_parquet('{DuckDb.PartsGlob(directory)}')");
        Assert.Equal(6, rows.Count);
        var text = new StringBuilder();
        foreach (var row in rows)
            foreach (var value in row) text.Append(value is null ? "" : Convert.ToString(value)).Append('|');
        return text.ToString();
    }

    [Fact]
    public void The_compose_file_holds_no_plaintext_password()
    {
        var compose = File.ReadAllText(RepositoryFiles.Path("docker-compose.yml"));
        // Both the server's password and the coordinator's connection string come from an env file that git ignores.
        Assert.Equal(2, Regex.Matches(compose, @"env_file: \[deploy/compose\.env\]").Count);
        Assert.DoesNotMatch(@"(?i)password[=:] *\S", compose);
        Assert.True(File.Exists(RepositoryFiles.Path("deploy", "compose.env.example")));
        Assert.Contains("/deploy/compose.env", File.ReadAllText(RepositoryFiles.Path(".gitignore")));
    }
}
