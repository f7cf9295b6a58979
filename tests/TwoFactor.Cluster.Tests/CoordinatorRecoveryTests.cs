using Akka.Actor;
using Akka.Configuration;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Cluster.Logging;
using TwoFactor.Cluster.Messages;
using TwoFactor.Sweeps;
using Kit = Akka.TestKit.Xunit2.TestKit;

namespace TwoFactor.Cluster.Tests;

/// <summary>
/// The persistent coordinator with a real journal: a test probe plays the worker slot with real cells, the
/// actor system is killed, a new one recovers from the same journal. SQLite here; PostgreSQL in
/// PostgresJournalTests runs the same scenario.
/// </summary>
public class CoordinatorRecoveryTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Progress_survives_a_crash_of_the_actor_system_with_a_sqlite_journal()
    {
        var plan = TestSweeps.Plan("recovery", seeds: 12);
        var journal = new JournalTarget.Sqlite(JournalTarget.SqlitePathOf(_temp.Path, plan.SweepId));
        CoordinatorScenario.Run(plan, journal, _temp.Path);
    }
}

/// <summary>The recovery scenario, shared by the SQLite and PostgreSQL journals.</summary>
public static class CoordinatorScenario
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public static Config ConfigFor(JournalTarget journal)
    {
        journal.Check(TimeSpan.FromSeconds(5));
        return ActorSystemBootstrap.Config(new LogSettings(), ActorSystemBootstrap.LocalTransport, journal); // what `run` starts
    }

    public static void Run(SweepPlan plan, JournalTarget journal, string resultsRoot)
    {
        var units = TestSweeps.Units(plan, perUnit: 3); // 4 units of 3 cells
        var settings = new CoordinatorSettings
        {
            ResultsRoot = resultsRoot,
            PartRows = 3, // one part per unit: recorded parts are easy to count
            PartFlushInterval = TimeSpan.FromMilliseconds(100),
            SnapshotEvery = 2, // exercise snapshots and events after them
        };
        var directory = Path.Combine(resultsRoot, plan.SweepId);

        // First life: two units done and recorded, a third leased and never returned.
        var first = new Kit(ConfigFor(journal), "first");
        var coordinator = first.Sys.ActorOf(SweepCoordinator.Props(plan, units, settings), "coordinator");
        var worker = first.CreateTestProbe();
        AwaitReady(first, coordinator);
        for (int i = 0; i < 2; i++) CompleteOneLease(coordinator, worker, "probe/slot-1");
        AwaitDone(first, coordinator, 6);
        coordinator.Tell(new RequestWork("probe/slot-1"), worker.Ref);
        var lost = worker.ExpectMsg<WorkLeased>(Wait);
        Assert.Equal(6, TestSweeps.Dataset(directory).Rows);
        ((ExtendedActorSystem)first.Sys).Abort();
        first.Sys.WhenTerminated.Wait(Wait);

        // A part written after the last journal event (crash between rename and persist) must not survive.
        var orphan = Path.Combine(directory, ResultStore.PartFileName(90));
        File.Copy(Path.Combine(directory, ResultStore.PartFileName(0)), orphan);

        // Second life: same journal, fresh system.
        var second = new Kit(ConfigFor(journal), "second");
        try
        {
            coordinator = second.Sys.ActorOf(SweepCoordinator.Props(plan, units, settings), "coordinator");
            var report = AwaitReady(second, coordinator);
            Assert.Equal(6, report.Completed);
            Assert.Equal(0, report.Leased);
            Assert.Equal(2, report.Parts);
            Assert.False(File.Exists(orphan));

            worker = second.CreateTestProbe();
            coordinator.Tell(new RequestWork("probe/slot-2"), worker.Ref);
            var again = worker.ExpectMsg<WorkLeased>(Wait);
            Assert.Equal(lost.Cells.Select(c => c.CellId), again.Cells.Select(c => c.CellId));
            Report(coordinator, worker, again, "probe/slot-2");
            CompleteOneLease(coordinator, worker, "probe/slot-2");
            var done = AwaitDone(second, coordinator, 12);
            Assert.True(done.Finished);
            Assert.Equal(6, done.ComputedThisRun);
            coordinator.Tell(new RequestWork("probe/slot-2"), worker.Ref);
            worker.ExpectMsg<SweepFinished>(Wait);

            var (rows, distinct, _) = TestSweeps.Dataset(directory);
            Assert.Equal(12, rows);
            Assert.Equal(12, distinct);
            Assert.True(TestSweeps.CellIds(directory).SetEquals(plan.Cells.Select(c => c.CellId)));
        }
        finally
        {
            second.Sys.Terminate().Wait(Wait);
        }
    }

    private static void CompleteOneLease(IActorRef coordinator, Akka.TestKit.TestProbe worker, string name)
    {
        coordinator.Tell(new RequestWork(name), worker.Ref);
        Report(coordinator, worker, worker.ExpectMsg<WorkLeased>(Wait), name);
    }

    internal static void Report(IActorRef coordinator, Akka.TestKit.TestProbe worker, WorkLeased lease, string name)
    {
        var protocol = ProtocolCatalog.Get(lease.Cells[0].Protocol);
        var rows = lease.Cells.Select(c => protocol.Execute(c, new ExecutionOptions("reference", 1), CancellationToken.None)).ToArray();
        Assert.All(rows, r => Assert.Equal(CellStatus.Completed, r.Status));
        coordinator.Tell(new UnitResult(lease.LeaseId, name, rows), worker.Ref);
    }

    internal static ProgressReport AwaitReady(Kit kit, IActorRef coordinator)
    {
        ProgressReport? report = null;
        kit.AwaitCondition(() => (report = coordinator.Ask<ProgressReport>(GetProgress.Instance, Wait).Result).Ready, Wait);
        return report!;
    }

    internal static ProgressReport AwaitDone(Kit kit, IActorRef coordinator, int done)
    {
        ProgressReport? report = null;
        kit.AwaitCondition(() => (report = coordinator.Ask<ProgressReport>(GetProgress.Instance, Wait).Result).Done >= done, Wait);
        Assert.Equal(done, report!.Done);
        return report;
    }
}
