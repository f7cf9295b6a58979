using Akka.Actor;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Cluster.Messages;
using Kit = Akka.TestKit.Xunit2.TestKit;

namespace TwoFactor.Cluster.Tests;

/// <summary>
/// The sink batches rows into parts (PartRows, or the flush interval), but once nothing is left to lease or
/// running, the sweep's last rows are committed at once: a small sweep does not end a flush interval late.
/// </summary>
public sealed class LastRowsFlushTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Rows_wait_for_a_part_while_cells_are_out_and_the_last_rows_are_committed_at_once()
    {
        var plan = TestSweeps.Plan("last-rows", seeds: 5);
        var units = TestSweeps.Units(plan, perUnit: 3); // units of 3 and 2 cells
        var settings = new CoordinatorSettings
        {
            ResultsRoot = _temp.Path,
            PartRows = 1000,
            PartFlushInterval = TimeSpan.FromHours(1), // the timer never fires within this test
        };
        var journal = new JournalTarget.Sqlite(JournalTarget.SqlitePathOf(_temp.Path, plan.SweepId));
        var kit = new Kit(CoordinatorScenario.ConfigFor(journal), "flush");
        try
        {
            var coordinator = kit.Sys.ActorOf(SweepCoordinator.Props(plan, units, settings), "coordinator");
            var worker = kit.CreateTestProbe();
            CoordinatorScenario.AwaitReady(kit, coordinator);
            coordinator.Tell(new RequestWork("probe/slot-1"), worker.Ref);
            var first = worker.ExpectMsg<WorkLeased>(Wait);
            coordinator.Tell(new RequestWork("probe/slot-2"), worker.Ref);
            var second = worker.ExpectMsg<WorkLeased>(Wait);
            Assert.Equal(5, first.Cells.Length + second.Cells.Length);

            // One lease still out: the first rows stay buffered (fewer than PartRows, the timer far away).
            CoordinatorScenario.Report(coordinator, worker, first, "probe/slot-1");
            var meanwhile = coordinator.Ask<ProgressReport>(GetProgress.Instance, Wait).Result;
            Assert.Equal(first.Cells.Length, meanwhile.Committing);
            Assert.Equal(0, meanwhile.Parts);

            // The last lease's rows: nothing is left to run, so all five are committed without the timer.
            CoordinatorScenario.Report(coordinator, worker, second, "probe/slot-2");
            var done = CoordinatorScenario.AwaitDone(kit, coordinator, 5);
            Assert.True(done.Finished);
            Assert.Equal(1, done.Parts);
            Assert.Equal(5, TestSweeps.Dataset(Path.Combine(_temp.Path, plan.SweepId)).Rows);
        }
        finally
        {
            kit.Sys.Terminate().Wait(Wait);
        }
    }
}
