using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Progress;
using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Tests;

/// <summary>Running cells' progress: the slot-side tracker and the coordinator state that keeps the reports.</summary>
public class RunningCellsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>A real plan of 4 cells (the state looks ids up in it); c(i) is the id of its cell i.</summary>
    private static readonly SweepPlan Plan = TestSweeps.Plan("running", seeds: 4);

    private static string c(int index) => Plan.CellIdAt(index);

    private static SweepProgressState TwoUnits() => new(Plan, TestSweeps.Units(Plan, perUnit: 2));

    private static RunningCell Running(string worker, string cell, long epoch) =>
        new(worker, cell, "train", epoch, 1000, 0.5, 0.01, T0, T0.AddSeconds(epoch));

    private static WorkLease Granted(LeaseOutcome outcome) => Assert.IsType<LeaseOutcome.Granted>(outcome).Lease;

    [Fact]
    public void The_state_keeps_the_latest_report_of_each_live_lease()
    {
        var state = TwoUnits();
        var a = Granted(state.Lease("w1", T0, Lease));
        var b = Granted(state.Lease("w2", T0, Lease));
        Assert.True(state.ReportRunning(a.LeaseId, Running("w1", c(0), 100)));
        Assert.True(state.ReportRunning(b.LeaseId, Running("w2", c(2), 50)));
        Assert.True(state.ReportRunning(a.LeaseId, Running("w1", c(0), 200)));
        Assert.Equal(new[] { ("w1", c(0), 200L), ("w2", c(2), 50L) }, state.RunningCells.Select(r => (r.Worker, r.CellId, r.Step)));
    }

    [Fact]
    public void Reports_of_ended_leases_and_of_cells_not_leased_to_the_reporter_are_dropped()
    {
        var state = TwoUnits();
        var a = Granted(state.Lease("w1", T0, Lease));
        var b = Granted(state.Lease("w2", T0, Lease));
        Assert.False(state.ReportRunning(a.LeaseId, Running("w1", c(2), 10))); // c2 belongs to b
        Assert.False(state.ReportRunning(999, Running("w1", c(0), 10)));

        state.ReportRunning(a.LeaseId, Running("w1", c(0), 10));
        state.AcceptResult(a.LeaseId, "w1", [c(0), c(1)]);
        Assert.DoesNotContain(state.RunningCells, r => r.Worker == "w1");
        Assert.False(state.ReportRunning(a.LeaseId, Running("w1", c(1), 20))); // late report after the result

        state.ReportRunning(b.LeaseId, Running("w2", c(2), 10));
        state.Release(b.LeaseId);
        Assert.Empty(state.RunningCells);
    }

    [Fact]
    public void Lost_leases_take_their_running_cells_with_them()
    {
        var state = TwoUnits();
        var a = Granted(state.Lease("node-a/slot-1", T0, Lease));
        state.ReportRunning(a.LeaseId, Running("node-a/slot-1", c(0), 10));
        state.LoseLeasesOf(w => w.StartsWith("node-a/", StringComparison.Ordinal), "node removed", T0);
        Assert.Empty(state.RunningCells);
    }

    [Fact]
    public void The_tracker_reports_changes_once_and_keeps_density_between_trajectory_points()
    {
        var tracker = new RunningCellTracker("local/slot-1");
        Assert.Null(tracker.TakeIfChanged());
        tracker.Report(new CellProgress("train", 10, 100)); // before any cell: ignored
        Assert.Null(tracker.TakeIfChanged());

        tracker.Start(c(0));
        Assert.Equal((c(0), "start"), tracker.TakeIfChanged() is { } s ? (s.CellId, s.Stage) : default);
        Assert.Null(tracker.TakeIfChanged());

        tracker.Report(new CellProgress("train", 1000, 5000, Density: 0.4, Error: 0.02));
        tracker.Report(new CellProgress("train", 2000, 5000)); // a convergence check: no new measurement
        var running = tracker.TakeIfChanged()!;
        Assert.Equal((2000L, 5000L, 0.4, 0.02), (running.Step, running.Steps, running.Density, running.Error));

        tracker.Start(c(1));
        var next = tracker.TakeIfChanged()!;
        Assert.Equal(c(1), next.CellId);
        Assert.Null(next.Density);
    }
}
