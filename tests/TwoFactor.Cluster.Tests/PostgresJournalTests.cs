using TwoFactor.Cluster.Hosting;

namespace TwoFactor.Cluster.Tests;

/// <summary>The multi-node journal: PostgreSQL through Akka.Persistence.Sql, in-process and with real processes.</summary>
public class PostgresJournalTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [PostgresFact]
    public void Progress_survives_a_crash_of_the_actor_system_with_a_postgres_journal()
    {
        using var database = new Postgres();
        var plan = TestSweeps.Plan("recovery-pg", seeds: 12);
        CoordinatorScenario.Run(plan, new JournalTarget.Postgres(database.ConnectionString), _temp.Path);
    }

    [PostgresFact]
    public void Coordinator_and_two_worker_processes_finish_a_sweep_when_one_worker_is_killed()
    {
        using var database = new Postgres();
        const int cells = 120;
        var spec = TestSweeps.Write(_temp.Path, "multi", seeds: cells, maxEpochs: 1000);
        var results = Path.Combine(_temp.Path, "results");
        int port = FreePort.Next();
        var seed = $"127.0.0.1:{port}";

        using var coordinator = SweepCli.StartCoordinator(_temp.Path, "coordinator", spec, "--port", port.ToString(), "--journal", database.ConnectionString, "--results", results);
        var sweepId = SweepCli.SweepIdIn(coordinator.Out)!;

        // The reference engine keeps cells slow enough for the kill to land mid-sweep.
        using var survivor = CliProcess.Start(_temp.Path, "worker", "--seed-nodes", seed, "--slots", "1", "--engine", "reference");
        using var victim = CliProcess.Start(_temp.Path, "worker", "--seed-nodes", seed, "--slots", "1", "--engine", "reference");
        var directory = Path.Combine(results, sweepId);
        Poll.Until(() => coordinator.HasExited || Directory.Exists(directory) && Directory.GetFiles(directory, "part-*.parquet").Length >= 1,
            TimeSpan.FromSeconds(60), "the first committed part");
        Assert.False(coordinator.HasExited, "the sweep finished before a worker could be killed:\n" + coordinator.Out);
        victim.KillHard();

        Assert.True(coordinator.WaitForExit(TimeSpan.FromSeconds(120)), "coordinator did not finish:\n" + coordinator.Out + coordinator.Err);
        Assert.True(coordinator.ExitCode == 0, coordinator.Out + coordinator.Err);
        Assert.True(survivor.WaitForExit(TimeSpan.FromSeconds(30)), "surviving worker did not exit after the sweep:\n" + survivor.Out + survivor.Err);
        Assert.Equal(0, survivor.ExitCode);

        var (rows, distinct, failed) = TestSweeps.Dataset(directory);
        Assert.Equal(cells, rows);
        Assert.Equal(cells, distinct);
        Assert.Equal(0, failed);

        // The PostgreSQL journal knows the sweep, finished.
        var status = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(30), "status", sweepId, "--journal", database.ConnectionString);
        Assert.True(status.ExitCode == 0, status.Out + status.Err);
        Assert.Contains($"done: {cells}/{cells}", status.Out);
        Assert.Contains("state: finished", status.Out);
    }
}
