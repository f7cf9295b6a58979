namespace TwoFactor.Cluster.Tests;

/// <summary>`twofactor run` killed with SIGKILL mid-sweep and run again: nothing lost, nothing computed twice.</summary>
public class KillAndResumeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_killed_run_resumes_and_the_dataset_holds_every_cell_once()
    {
        const int cells = 200;
        // Cells long enough (about 0.1 s each in Release, reference engine) that the run is far from done
        // when its first part (committed ~1 s after the first rows) is recorded, even on a loaded machine.
        var spec = TestSweeps.Write(_temp.Path, "kill", seeds: cells, maxEpochs: 4000);
        var results = Path.Combine(_temp.Path, "results");
        // The reference engine keeps cells slow enough to kill the run mid-way; the default (auto) may be much faster.
        string[] run = ["run", spec, "--results", results, "--workers", "2", "--engine", "reference"];

        string sweepId;
        using (var first = CliProcess.Start(_temp.Path, run))
        {
            sweepId = SweepCli.AwaitSweepId(first, "the run to start");
            var directory = Path.Combine(results, sweepId);
            // Mid-way: a part committed, the sweep not finished.
            Poll.Until(() => first.HasExited || Directory.Exists(directory) && Directory.GetFiles(directory, "part-*.parquet").Length >= 1,
                TimeSpan.FromSeconds(60), "a committed part");
            // A part file exists before the journal records it; wait until the journal counts cells as done,
            // so the kill lands mid-way rather than between the first commit and its record.
            Poll.Until(() => first.HasExited || DoneInJournal(results, sweepId) >= 1, TimeSpan.FromSeconds(60), "a recorded part");
            Assert.False(first.HasExited, $"the first run finished before it could be killed:\n{first.Out}\n{first.Err}");
            first.KillHard();
        }

        var status = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(30), "status", sweepId, "--results", results);
        Assert.Equal(0, status.ExitCode);
        var done = SweepCli.DoneInStatus(status.Out);
        Assert.True(done is not null, status.Out + status.Err);
        int doneAfterKill = done.Value.Done;
        Assert.Equal(cells, done.Value.Planned);
        Assert.InRange(doneAfterKill, 1, cells - 1);

        var second = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(120), run);
        Assert.True(second.ExitCode == 0, second.Out + second.Err);
        Assert.Equal(cells - doneAfterKill, SweepCli.ComputedIn(second.Out));

        var (rows, distinct, failed) = TestSweeps.Dataset(Path.Combine(results, sweepId));
        Assert.Equal(cells, rows);
        Assert.Equal(cells, distinct);
        Assert.Equal(0, failed);

        var summary = File.ReadAllLines(Path.Combine(results, sweepId, "summary.txt"));
        Assert.Contains($"cells: {cells}", summary);
        Assert.Contains($"completed: {cells}", summary);

        // A third run finds everything done and computes nothing.
        var third = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(60), run);
        Assert.Equal(0, third.ExitCode);
        Assert.Contains("computed this run: 0", third.Out);
    }

    [Fact]
    public void SIGTERM_stops_gracefully_with_journal_and_parts_in_agreement()
    {
        const int cells = 200;
        var spec = TestSweeps.Write(_temp.Path, "term", seeds: cells, maxEpochs: 1000);
        var results = Path.Combine(_temp.Path, "results");
        string[] run = ["run", spec, "--results", results, "--workers", "2", "--engine", "reference"];

        using var first = CliProcess.Start(_temp.Path, run);
        var sweepId = SweepCli.AwaitSweepId(first, "the run to start");
        var directory = Path.Combine(results, sweepId);
        Poll.Until(() => first.HasExited || Directory.Exists(directory) && Directory.GetFiles(directory, "part-*.parquet").Length >= 1,
            TimeSpan.FromSeconds(60), "a committed part");
        Assert.False(first.HasExited, "the run finished before it could be stopped");
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", first.Id.ToString()])) kill.WaitForExit();
        Assert.True(first.WaitForExit(TimeSpan.FromSeconds(30)), "no exit within 30 s of SIGTERM");
        // SIGTERM is how a scheduler stops a job: a drained stop is a success that a resubmission resumes.
        Assert.True(first.ExitCode == 0, first.Out + first.Err);
        Assert.Contains("stopped by SIGTERM", first.Out);
        int computed = SweepCli.ComputedIn(first.Out);

        // Drained: every row on disk is recorded and vice versa, so nothing is an orphan.
        var (rows, distinct, _) = TestSweeps.Dataset(directory);
        Assert.Equal(computed, rows);
        Assert.Equal(computed, distinct);
        var status = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(30), "status", sweepId, "--results", results);
        Assert.Equal(computed, SweepCli.DoneInStatus(status.Out)?.Done);

        var second = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(120), run);
        Assert.True(second.ExitCode == 0, second.Out + second.Err);
        Assert.Equal(cells - computed, SweepCli.ComputedIn(second.Out));
        Assert.Equal((cells, cells), (TestSweeps.Dataset(directory).Rows, TestSweeps.Dataset(directory).Distinct));
    }

    [Fact]
    public void SIGINT_stops_gracefully_with_exit_code_130()
    {
        // Long enough (about 40 s undisturbed) that the first part cannot come near the end, even on a loaded machine.
        var spec = TestSweeps.Write(_temp.Path, "int", seeds: 1000, maxEpochs: 1000);
        var results = Path.Combine(_temp.Path, "results");
        // A shell runs a background job with SIGINT ignored, and children inherit that (the CLI then never sees
        // Ctrl-C): `env --default-signal=INT` gives the CLI the default disposition whoever started the tests.
        using var run = CliProcess.StartProgram(_temp.Path, null, "env",
            "--default-signal=INT", "dotnet", CliProcess.Dll, "run", spec, "--results", results, "--workers", "2", "--engine", "reference");
        Poll.Until(() => run.HasExited || Directory.Exists(results) && Directory.EnumerateFiles(results, "part-*.parquet", SearchOption.AllDirectories).Any(),
            TimeSpan.FromSeconds(60), "a committed part");
        Assert.False(run.HasExited, "the run finished before it could be stopped");
        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", run.Id.ToString()])) kill.WaitForExit();
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(30)), "no exit within 30 s of SIGINT");
        // Ctrl-C is the user interrupting, not the scheduler ending the job: 130, as shells expect.
        Assert.True(run.ExitCode == 130, run.Out + run.Err);
        Assert.Contains("stopped; run the same command again", run.Out);
    }

    /// <summary>Cells the journal counts as done, read with `twofactor status` (-1 while it cannot tell yet).</summary>
    private int DoneInJournal(string results, string sweepId)
    {
        var status = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(30), "status", sweepId, "--results", results);
        return status.ExitCode == 0 && SweepCli.DoneInStatus(status.Out) is { } done ? done.Done : -1;
    }
}
