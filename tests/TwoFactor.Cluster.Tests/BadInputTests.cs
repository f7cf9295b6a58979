namespace TwoFactor.Cluster.Tests;

/// <summary>Unreachable seed nodes and databases end with one clear error line, not a hang.</summary>
public class BadInputTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_worker_with_an_unreachable_seed_node_gives_up_after_its_join_timeout()
    {
        int port = FreePort.Next(); // nothing listens there
        // The 40 s only keep a hung worker from hanging the test; the message shows the worker applied --join-timeout.
        var result = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(40), "worker", "--seed-nodes", $"127.0.0.1:{port}", "--join-timeout", "3", "--slots", "1");
        var line = result.AssertOneErrorLine(2);
        Assert.Contains("seed-nodes: could not join the cluster", line);
        Assert.Contains($"127.0.0.1:{port}", line);
        Assert.Contains("within 3 s", line);
    }

    [Fact]
    public void A_run_with_an_unreachable_postgres_journal_fails_before_any_cell()
    {
        var spec = TestSweeps.Write(_temp.Path, "bad-db", seeds: 2);
        int port = FreePort.Next();
        var results = Path.Combine(_temp.Path, "r");
        // The 40 s only keep a hung run from hanging the test.
        var result = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(40), "run", spec, "--results", results,
            "--journal", $"Host=127.0.0.1;Port={port};Username=nobody;Database=nothing");
        Assert.Contains("journal: cannot connect to PostgreSQL 127.0.0.1:" + port, result.AssertOneErrorLine(2));
        Assert.Empty(Directory.Exists(results) ? Directory.GetFiles(results, "part-*.parquet", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public void Bad_node_options_are_reported_before_anything_starts()
    {
        var (code, _, error) = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(30), "worker", "--seed-nodes", "no-port-here", "--port", "70000");
        Assert.Equal(2, code);
        Assert.Contains("--port: 70000 is not a TCP port", error);
        Assert.Contains("--seed-nodes: 'no-port-here' is not host:port", error);
    }

    [Fact]
    public void A_missing_sweep_file_is_reported()
    {
        var (code, _, error) = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(30), "run", "nope.yaml");
        Assert.Equal(2, code);
        Assert.Contains("nope.yaml: file not found", error);
    }
}
