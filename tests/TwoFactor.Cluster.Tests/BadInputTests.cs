using System.Diagnostics;

namespace TwoFactor.Cluster.Tests;

/// <summary>Unreachable seed nodes and databases end with a clear message within seconds, not a hang.</summary>
public class BadInputTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_worker_with_an_unreachable_seed_node_fails_within_seconds()
    {
        int port = FreePort.Next(); // nothing listens there
        var clock = Stopwatch.StartNew();
        var (code, output, error) = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(40), "worker", "--seed-nodes", $"127.0.0.1:{port}", "--join-timeout", "3", "--slots", "1");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Equal(2, code);
        Assert.Contains("seed-nodes: could not join the cluster", error);
        Assert.Contains($"127.0.0.1:{port}", error);
        Assert.DoesNotContain("   at ", error + output); // no stack trace
    }

    [Fact]
    public void A_run_with_an_unreachable_postgres_journal_fails_within_seconds()
    {
        var spec = TestSweeps.Write(_temp.Path, "bad-db", seeds: 2);
        int port = FreePort.Next();
        var clock = Stopwatch.StartNew();
        var (code, _, error) = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(40), "run", spec, "--results", Path.Combine(_temp.Path, "r"),
            "--journal", $"Host=127.0.0.1;Port={port};Username=nobody;Database=nothing");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Equal(2, code);
        Assert.Contains("journal: cannot connect to PostgreSQL 127.0.0.1:" + port, error);
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
