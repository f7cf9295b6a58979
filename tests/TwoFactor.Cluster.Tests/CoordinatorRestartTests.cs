using System.Text.RegularExpressions;
using Akka.Actor;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Cluster.Messages;
using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Tests;

/// <summary>
/// Separate coordinator and worker processes (the real CLI, SQLite journal): the coordinator SIGKILLed at
/// seeded random moments and started again with the same command while its workers keep running; and lost
/// leases followed by a resume with another worker count. The dataset ends exactly once.
/// </summary>
public partial class CoordinatorRestartTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly Xunit.Abstractions.ITestOutputHelper _log;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    public CoordinatorRestartTests(Xunit.Abstractions.ITestOutputHelper log) => _log = log;

    public void Dispose() => _temp.Dispose();

    /// <summary>Timestamps in the test output: where the time of a fault test goes.</summary>
    private void Step(string what) => _log.WriteLine($"{_clock.Elapsed.TotalSeconds,6:F1} s  {what}");

    [Fact]
    public void Workers_rejoin_a_coordinator_killed_at_random_times_and_the_sweep_completes_once()
    {
        // Cells of N = 40 and 10,000 epochs (below the first convergence check, so each costs exactly that): on an idle
        // machine the sweep must still be running after two restarts (N = 20, 3,000 epochs once finished before the second kill).
        const int cells = 100;
        var spec = TestSweeps.Write(_temp.Path, "restart", seeds: cells, maxEpochs: 10000, n: 40);
        var results = Path.Combine(_temp.Path, "results");
        int port = FreePort.Next();
        string[] coordinatorCommand = ["coordinator", spec, "--port", port.ToString(), "--results", results];
        var random = new Random(20261202);

        var coordinator = StartCoordinator(coordinatorCommand);
        var sweepId = SweepCli.SweepIdIn(coordinator.Out)!;
        var directory = Path.Combine(results, sweepId);
        string seed = $"127.0.0.1:{port}";
        using var w1 = CliProcess.Start(_temp.Path, "worker", "--seed-nodes", seed, "--slots", "1", "--engine", "reference");
        using var w2 = CliProcess.Start(_temp.Path, "worker", "--seed-nodes", seed, "--slots", "1", "--engine", "reference");
        try
        {
            int done = 0;
            for (int kill = 0; kill < 2; kill++)
            {
                // Work is flowing with this incarnation (the workers found it by themselves) ...
                int before = done;
                Poll.Until(() => coordinator.HasExited || (done = SweepCli.DoneInJournal(results, sweepId)) > before,
                    TimeSpan.FromSeconds(60), $"progress past {before} cells with coordinator incarnation {kill + 1}", SweepCli.JournalPoll);
                Assert.False(coordinator.HasExited, "the sweep finished before the coordinator could be killed:\n" + coordinator.Out);
                Assert.True(done < cells, $"all {cells} cells were done before kill {kill + 1}: the sweep is too short to test a restart");
                // ... then SIGKILL at a seeded random moment and start it again with the same command.
                Step($"incarnation {kill + 1} at {done} cells");
                Thread.Sleep(random.Next(200, 2500));
                coordinator.KillHard();
                coordinator.Dispose();
                coordinator = StartCoordinator(coordinatorCommand);
            }
            Assert.True(coordinator.WaitForExit(TimeSpan.FromSeconds(120)), "the sweep stalled after the restarts:\n" + coordinator.Out + coordinator.Err);
            Assert.True(coordinator.ExitCode == 0, coordinator.Out + coordinator.Err);
            Step("finished");
            foreach (var worker in new[] { w1, w2 })
            {
                Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(30)), "a worker did not learn that the sweep finished:\n" + worker.Out + worker.Err);
                Assert.True(worker.ExitCode == 0, worker.Out + worker.Err);
            }
            Assert.Contains("rejoined the cluster", w1.Out + w2.Out);
            TestSweeps.AssertExactlyOnce(directory, cells);
            Assert.Equal(cells, SweepCli.DoneInJournal(results, sweepId));
        }
        finally
        {
            coordinator.Dispose();
        }
    }

    [Fact]
    public void Lost_leases_and_a_resume_with_another_worker_count_keep_every_cell_once()
    {
        const int cells = 60;
        var spec = TestSweeps.Write(_temp.Path, "units", seeds: cells, maxEpochs: 2000);
        var results = Path.Combine(_temp.Path, "results");
        int port = FreePort.Next();

        // `plan` shows the units the coordinator leases: a function of the plan alone.
        var plan = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(30), "plan", spec);
        var planned = PlanUnits().Match(plan.Out);
        Assert.True(planned.Success, plan.Out);
        int units = int.Parse(planned.Groups[2].Value);
        Assert.True(units > 1, $"a sweep of {cells} cheap cells must be split into several units:\n{plan.Out}");

        Step("plan checked");
        using var coordinator = StartCoordinator(["coordinator", spec, "--port", port.ToString(), "--results", results]);
        Assert.Contains($"{cells} cells in {units} work units", coordinator.Out);
        var sweepId = SweepCli.SweepIdIn(coordinator.Out)!;
        var directory = Path.Combine(results, sweepId);
        using (var victim = CliProcess.Start(_temp.Path, "worker", "--seed-nodes", $"127.0.0.1:{port}", "--slots", "1", "--engine", "reference"))
        {
            Poll.Until(() => coordinator.HasExited || SweepCli.DoneInJournal(results, sweepId) >= 1,
                TimeSpan.FromSeconds(60), "a recorded part", SweepCli.JournalPoll);
            Step("part recorded");
            victim.KillHard(); // holds a lease: lost when its node is removed
        }
        Poll.Until(() => coordinator.HasExited || LeasesLost(results, sweepId) >= 1, TimeSpan.FromSeconds(60), "the lost lease in the journal", SweepCli.JournalPoll);
        Assert.False(coordinator.HasExited, coordinator.Out + coordinator.Err);
        Step("lease lost");
        coordinator.KillHard();

        var resumed = CliProcess.Run(_temp.Path, TimeSpan.FromSeconds(120), "run", spec, "--results", results, "--workers", "3", "--engine", "reference");
        Assert.True(resumed.ExitCode == 0, resumed.Out + resumed.Err);
        Step("resumed with 3 workers");
        TestSweeps.AssertExactlyOnce(directory, cells);
        Assert.Equal(1, LeasesLost(results, sweepId));
    }

    private CliProcess StartCoordinator(string[] command) => SweepCli.StartCoordinator(_temp.Path, command);

    private static int LeasesLost(string results, string sweepId) => SweepCli.Journal(results, sweepId)?.LeasesLost ?? -1;

    [GeneratedRegex(@"(\d+) cells, (\d+) work units")]
    private static partial Regex PlanUnits();
}

/// <summary>
/// Embedded mode (`twofactor run`: coordinator and slots in one process): the coordinator actor dies (as after
/// a failed journal write) and its backoff supervisor starts a new incarnation that recovers from the journal;
/// the slots keep the supervisor's address and find the new incarnation by themselves.
/// </summary>
public class EmbeddedCoordinatorRestartTests : Akka.TestKit.Xunit2.TestKit, IDisposable
{
    private readonly TempFolder _journal;
    private readonly TempFolder _temp = new();

    public EmbeddedCoordinatorRestartTests() : this(new TempFolder())
    {
    }

    // The journal's folder is made before the actor system the base constructor starts, and removed with the test.
    private EmbeddedCoordinatorRestartTests(TempFolder journal)
        : base(CoordinatorScenario.ConfigFor(new JournalTarget.Sqlite(Path.Combine(journal.Path, "journal.db")))) => _journal = journal;

    [Fact]
    public void Slots_carry_on_with_the_restarted_coordinator_and_the_dataset_holds_every_cell_once()
    {
        var plan = TestSweeps.Plan("embedded-restart", seeds: 40, maxEpochs: 1000);
        var settings = new CoordinatorSettings { ResultsRoot = _temp.Path, PartFlushInterval = TimeSpan.FromMilliseconds(200) };
        var supervisor = Sys.ActorOf(SweepCoordinator.Props(plan, Partitioner.ForPlan(plan), settings), "coordinator");
        for (int i = 1; i <= 2; i++) Sys.ActorOf(WorkerSlot.Props(supervisor, $"local/slot-{i}", new SlotSettings("reference", 1)), $"slot-{i}");

        for (int kill = 0; kill < 2; kill++)
        {
            int before = Report(supervisor)?.Done ?? 0;
            AwaitCondition(() => Report(supervisor) is { } r && (r.Done > before || r.Finished), TimeSpan.FromSeconds(60));
            supervisor.Tell(Akka.Pattern.BackoffSupervisor.GetCurrentChild.Instance, TestActor);
            var child = ExpectMsg<Akka.Pattern.BackoffSupervisor.CurrentChild>(TimeSpan.FromSeconds(5)).Ref;
            Assert.NotNull(child);
            Sys.Stop(child); // dies without a drain: leases and rows in flight are lost with it
        }
        AwaitCondition(() => Report(supervisor) is { Finished: true }, TimeSpan.FromSeconds(120));
        TestSweeps.AssertExactlyOnce(Path.Combine(_temp.Path, plan.SweepId), plan.Cells.Count);
    }

    /// <summary>The supervisor forwards GetProgress to the live incarnation; null while it is restarting.</summary>
    private static ProgressReport? Report(IActorRef supervisor)
    {
        try
        {
            return supervisor.Ask<ProgressReport>(GetProgress.Instance, TimeSpan.FromSeconds(2)).Result;
        }
        catch (AggregateException e) when (e.InnerException is AskTimeoutException)
        {
            return null;
        }
    }

    public new void Dispose()
    {
        base.Dispose();
        _temp.Dispose();
        _journal.Dispose();
    }
}
