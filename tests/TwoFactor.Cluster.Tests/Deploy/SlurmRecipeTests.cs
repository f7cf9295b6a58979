using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace TwoFactor.Cluster.Tests.Deploy;

/// <summary>
/// Needs Debian's slurm-wlm and munge and root. Skipped with the reason where they are missing, unless
/// TWOFACTOR_TEST_SLURM=required (.ci/run sets it after installing them), where a missing SLURM fails the test.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("TWOFACTOR_TEST_SLURM") == "required") return;
        var missing = new[] { "munged", "slurmctld", "slurmd", "sbatch" }.Where(t => !OnPath(t)).ToList();
        if (missing.Count > 0)
            Skip = $"SLURM is not installed here ({string.Join(", ", missing)} not found): `bash .ci/slurm.sh` installs slurm-wlm and munge";
        else if (Environment.UserName != "root")
            Skip = "the one-node SLURM of tests/slurm/slurm-local.sh runs slurmd as root";
    }

    internal static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));
}

/// <summary>
/// deploy/slurm/twofactor.sbatch on a real one-node SLURM (tests/slurm/slurm-local.sh: slurmctld and slurmd on
/// 127.0.0.1, munge key and slurm.conf generated, every daemon stopped by its PID at the end), running the
/// self-contained bundle as a coordinator and two worker processes (three tasks). A sweep runs to the end; a
/// second is cancelled with scancel, then stopped the way a time limit stops it (SIGTERM to the batch script,
/// what --signal=B:TERM@120 sends), then resubmitted to the end: DuckDB sees every planned cell exactly once.
/// </summary>
[Collection(DeployCollection.Name)]
public sealed partial class SlurmRecipeTests(PublishedBundle bundle, ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [SlurmFact]
    public void The_sbatch_recipe_runs_a_sweep_exactly_once_and_resumes_after_scancel_and_a_time_limit_signal()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var slurm = Path.Combine(_temp.Path, "slurm");
        var script = Path.Combine(RepositoryFiles.Root, "tests", "slurm", "slurm-local.sh");
        var start = Run("bash", script, "start", slurm, "4");
        try
        {
            Assert.True(start.ExitCode == 0, $"slurm-local.sh start failed ({start.ExitCode}):\n{start.Out}\n{start.Err}");
            var conf = Path.Combine(slurm, "slurm.conf");
            var env = new Dictionary<string, string>
            {
                ["SLURM_CONF"] = conf,
                ["TWOFACTOR_BIN"] = bundle.Executable,
                ["TWOFACTOR_RESULTS"] = Path.Combine(_temp.Path, "results"),
                ["TWOFACTOR_WORKERS_PER_NODE"] = "2",
                // Cells slow enough (reference engine, ~0.1 s each) to stop the sweep mid-way on any machine.
                ["TWOFACTOR_ENGINE"] = "reference",
            };

            // 1. A whole sweep.
            const int small = 24;
            var a = TestSweeps.Write(_temp.Path, "slurm-a", seeds: small, maxEpochs: 500);
            var jobA = Submit(env, a);
            var endA = WaitForEnd(env, jobA, TimeSpan.FromMinutes(3));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: job A ended {endA.State} {endA.Exit}");
            Assert.True(endA.State == "COMPLETED" && endA.Exit == "0:0", $"job {jobA}: {endA.State} {endA.Exit}\n{JobOutput(jobA)}");
            AssertExactlyOnce(TestSweeps.Plan("slurm-a", small, 500).SweepId, small);

            // 2. scancel mid-run, 3. the time-limit signal mid-run, 4. resubmitted to the end.
            // Enough cells (about 0.1 s each on 4 slots) that each resubmission still has work when it is stopped, even on an idle
            // machine (with 100 the resumed job once finished before its SIGTERM arrived).
            const int cells = 400;
            var b = TestSweeps.Write(_temp.Path, "slurm-b", seeds: cells, maxEpochs: 4000);
            var sweepB = TestSweeps.Plan("slurm-b", cells, 4000).SweepId;
            var directory = Path.Combine(_temp.Path, "results", sweepB);

            var job2 = Submit(env, b);
            Poll.Until(() => bundle.DoneInJournal(Path.Combine(_temp.Path, "results"), sweepB) >= 1 || Ended(WaitForEnd(env, job2, TimeSpan.Zero, mayRun: true).State),
                TimeSpan.FromMinutes(2), "a recorded part of the second sweep");
            Assert.False(Ended(WaitForEnd(env, job2, TimeSpan.Zero, mayRun: true).State), $"job {job2} ended before scancel\n{JobOutput(job2)}");
            Run("scancel", env, job2);
            var end2 = WaitForEnd(env, job2, TimeSpan.FromMinutes(2));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: job 2 ended {end2.State} {end2.Exit}");
            Assert.Equal("CANCELLED", end2.State);
            int afterCancel = bundle.DoneInJournal(Path.Combine(_temp.Path, "results"), sweepB);
            var (rows, distinct, _) = TestSweeps.Dataset(directory);
            Assert.True(rows == distinct && afterCancel is >= 1 and < cells, $"after scancel: {rows} rows, {distinct} distinct, journal {afterCancel}\n{JobOutput(job2)}");

            var job3 = Submit(env, b);
            Poll.Until(() => bundle.DoneInJournal(Path.Combine(_temp.Path, "results"), sweepB) > afterCancel || Ended(WaitForEnd(env, job3, TimeSpan.Zero, mayRun: true).State),
                TimeSpan.FromMinutes(2), "progress after the resubmission");
            Assert.False(Ended(WaitForEnd(env, job3, TimeSpan.Zero, mayRun: true).State), $"job {job3} ended before the signal\n{JobOutput(job3)}");
            Run("scancel", env, "--batch", "--signal=TERM", job3);
            var end3 = WaitForEnd(env, job3, TimeSpan.FromMinutes(2));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: job 3 ended {end3.State} {end3.Exit}");
            // The scheduler's stop is a success: drained, committed, exit 0, and the job says how to go on.
            Assert.True(end3.State == "COMPLETED" && end3.Exit == "0:0", $"job {job3}: {end3.State} {end3.Exit}\n{JobOutput(job3)}");
            Assert.Contains("stopped by SIGTERM", JobOutput(job3));
            int afterTerm = bundle.DoneInJournal(Path.Combine(_temp.Path, "results"), sweepB);
            Assert.InRange(afterTerm, afterCancel + 1, cells - 1);

            var job4 = Submit(env, b);
            var end4 = WaitForEnd(env, job4, TimeSpan.FromMinutes(3));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: job 4 ended {end4.State} {end4.Exit}");
            Assert.True(end4.State == "COMPLETED" && end4.Exit == "0:0", $"job {job4}: {end4.State} {end4.Exit}\n{JobOutput(job4)}");
            Assert.Contains($"computed this run: {cells - afterTerm}", JobOutput(job4));
            AssertExactlyOnce(sweepB, cells);
            output.WriteLine($"SLURM test: {clock.Elapsed.TotalSeconds:F0} s (after the bundle, published in {bundle.PublishTime.TotalSeconds:F0} s)");
        }
        finally
        {
            var stop = Run("bash", script, "stop", slurm);
            output.WriteLine($"slurm-local.sh stop: {stop.ExitCode} {stop.Err}");
        }
    }

    private void AssertExactlyOnce(string sweepId, int planned) => TestSweeps.AssertExactlyOnce(Path.Combine(_temp.Path, "results", sweepId), planned);

    private string Submit(IReadOnlyDictionary<string, string> env, string spec)
    {
        // Three tasks on the one node: the coordinator (batch step) and one srun step of two worker processes.
        var submit = Run("sbatch", env, "--parsable", "-N1", "-n3", "--ntasks-per-node=3", "-c1",
            $"--output={Path.Combine(_temp.Path, "job-%j.out")}",
            Path.Combine(RepositoryFiles.Root, "deploy", "slurm", "twofactor.sbatch"), spec);
        Assert.True(submit.ExitCode == 0, $"sbatch failed: {submit.Out}{submit.Err}");
        return submit.Out.Trim().Split(';')[0];
    }

    /// <summary>The job's state and exit code from scontrol (slurm.conf keeps finished jobs for 10 minutes).</summary>
    private (string State, string Exit) WaitForEnd(IReadOnlyDictionary<string, string> env, string job, TimeSpan timeout, bool mayRun = false)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var show = Run("scontrol", env, "show", "job", "-o", job);
            var state = JobState().Match(show.Out) is { Success: true } m ? m.Groups[1].Value : "UNKNOWN";
            var exit = ExitCode().Match(show.Out) is { Success: true } e ? e.Groups[1].Value : "?";
            if (Ended(state) || mayRun) return (state, exit);
            if (clock.Elapsed > timeout) Assert.Fail($"job {job} still {state} after {timeout}\n{JobOutput(job)}");
            Thread.Sleep(250);
        }
    }

    private static bool Ended(string state) => state is not ("PENDING" or "RUNNING" or "CONFIGURING" or "COMPLETING" or "UNKNOWN");

    private string JobOutput(string job) =>
        File.Exists(Path.Combine(_temp.Path, $"job-{job}.out")) ? File.ReadAllText(Path.Combine(_temp.Path, $"job-{job}.out")) : "(no output file)";

    private CliResult Run(string program, params string[] args) => Run(program, null, args);

    private CliResult Run(string program, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        using var process = CliProcess.StartProgram(_temp.Path, env, program, args);
        return process.Finish(TimeSpan.FromMinutes(1));
    }

    [GeneratedRegex(@"JobState=(\S+)")]
    private static partial Regex JobState();

    [GeneratedRegex(@"ExitCode=(\S+)")]
    private static partial Regex ExitCode();

}
