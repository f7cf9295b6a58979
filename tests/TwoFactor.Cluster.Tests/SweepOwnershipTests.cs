namespace TwoFactor.Cluster.Tests;

/// <summary>Two `twofactor run` processes of one sweep in one results folder: one owner at a time.</summary>
public class SweepOwnershipTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_second_run_of_the_same_sweep_refuses_naming_the_owner_and_writes_nothing()
    {
        const int cells = 60;
        var spec = TestSweeps.Write(_temp.Path, "owned", seeds: cells, maxEpochs: 4000);
        var results = Path.Combine(_temp.Path, "results");
        string[] run = ["run", spec, "--results", results, "--workers", "1", "--engine", "reference"];

        using var owner = CliProcess.Start(_temp.Path, run);
        var sweepId = SweepCli.AwaitSweepId(owner, "the first run to start");
        var directory = Path.Combine(results, sweepId);
        Poll.Until(() => owner.HasExited || SweepCli.PartCount(directory) >= 1, TimeSpan.FromSeconds(60), "a committed part");
        Assert.False(owner.HasExited, "the first run finished before the second could start:\n" + owner.Out + owner.Err);

        var second = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), run);
        Assert.True(second.ExitCode == 2, $"exit {second.ExitCode}\n{second.Out}\n{second.Err}");
        var errorLines = second.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(errorLines);
        Assert.Contains($"pid={owner.Id}", line);
        Assert.Contains($"host={Environment.MachineName}", line);
        Assert.DoesNotContain("Akka", second.Out + second.Err);
        // It wrote nothing: the owner record is still the first process's, no part beyond the owner's.
        Assert.Contains($"pid={owner.Id}", File.ReadAllText(Path.Combine(directory, "owner.txt")));

        // The lock dies with its process (SIGKILL: no cleanup ran), so the next run owns the sweep and completes it.
        owner.KillHard();
        var resumed = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(120), run);
        Assert.True(resumed.ExitCode == 0, resumed.Out + resumed.Err);
        TestSweeps.AssertExactlyOnce(directory, cells);
    }

    [PostgresFact]
    public void Two_hosts_sharing_a_postgres_journal_cannot_both_run_the_sweep()
    {
        using var database = new Postgres();
        var spec = TestSweeps.Write(_temp.Path, "owned-pg", seeds: 40, maxEpochs: 4000);
        string[] Run(string results) => ["run", spec, "--results", Path.Combine(_temp.Path, results), "--workers", "1",
            "--engine", "reference", "--journal", database.ConnectionString];

        using var owner = CliProcess.Start(_temp.Path, Run("host-a"));
        var sweepId = SweepCli.AwaitSweepId(owner, "the first run to start");
        Poll.Until(() => owner.HasExited || SweepCli.PartCount(Path.Combine(_temp.Path, "host-a", sweepId)) >= 1, TimeSpan.FromSeconds(60), "a committed part");
        Assert.False(owner.HasExited, owner.Out + owner.Err);

        // Another results folder (another host's disk), the same journal: refused by the journal's lock.
        var second = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), Run("host-b"));
        Assert.True(second.ExitCode == 2, $"exit {second.ExitCode}\n{second.Out}\n{second.Err}");
        var line = Assert.Single(second.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"pid={owner.Id}", line);
        Assert.False(Directory.Exists(Path.Combine(_temp.Path, "host-b", sweepId)), "the refused run wrote into its results folder");
        owner.KillHard();
    }
}
