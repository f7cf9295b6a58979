using Akka.Actor;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Messages;
using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Tests;

/// <summary>A worker slot against a probe playing the coordinator, running real cells.</summary>
public class WorkerSlotTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public void A_failing_cell_runs_once_is_reported_failed_and_the_unit_goes_on()
    {
        var plan = TestSweeps.Plan("slot", seeds: 2);
        var good = plan.Cells[0];
        // N = -5 passes no validation: the model throws inside the protocol, which returns a failed row.
        var bad = plan.Cells[1] with { Parameters = new Dictionary<string, object?>(plan.Cells[1].Parameters) { ["N"] = -5L } };
        var coordinator = CreateTestProbe();
        var finished = CreateTestProbe();
        Sys.EventStream.Subscribe(finished.Ref, typeof(SlotSawSweepFinished));

        var slot = Sys.ActorOf(WorkerSlot.Props(coordinator.Ref, "test/slot-1", new SlotSettings("reference", 1)));
        Assert.Equal("test/slot-1", coordinator.ExpectMsg<RequestWork>().Worker);

        UnitResult? result = null;
        // A deterministic error is not retried: exactly one warning, one attempt.
        EventFilter.Warning(contains: "not retried").Expect(1, TimeSpan.FromSeconds(30), () =>
        {
            coordinator.Reply(new WorkLeased(plan.SweepId, 7, 0, [bad, good], TimeSpan.FromSeconds(60)));
            result = coordinator.FishForMessage<UnitResult>(_ => true, TimeSpan.FromSeconds(30));
        });

        Assert.Equal(7, result!.LeaseId);
        Assert.Equal([bad.CellId, good.CellId], result.Rows.Select(r => r.CellId));
        Assert.Equal(CellStatus.Failed, result.Rows[0].Status);
        Assert.Contains("N", result.Rows[0].ErrorMessage);
        Assert.Equal(CellStatus.Completed, result.Rows[1].Status);

        // Pulls again right away; a finished sweep is announced on the event stream.
        coordinator.FishForMessage<RequestWork>(_ => true, TimeSpan.FromSeconds(10));
        coordinator.Reply(new SweepFinished(plan.SweepId));
        Assert.Equal(plan.SweepId, finished.ExpectMsg<SlotSawSweepFinished>().SweepId);
        Sys.Stop(slot);
    }

    [Fact]
    public void An_idle_slot_asks_again_after_no_work()
    {
        var coordinator = CreateTestProbe();
        Sys.ActorOf(WorkerSlot.Props(coordinator.Ref, "test/slot-2", new SlotSettings(PollInterval: TimeSpan.FromMilliseconds(100))));
        coordinator.ExpectMsg<RequestWork>();
        coordinator.Reply(new NoWorkYet("s"));
        coordinator.ExpectMsg<RequestWork>(TimeSpan.FromSeconds(2));
    }
}
