using TwoFactor.Cluster.Progress;

namespace TwoFactor.Cluster.Tests;

/// <summary>The coordinator's state machine without Akka: leasing, results, commits, losses, replay.</summary>
public class SweepProgressStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>units of 3 cells: u0 = c0..c2, u1 = c3..c5, ...</summary>
    private static (int, IReadOnlyList<string>)[] Units(int units, int perUnit = 3) =>
        Enumerable.Range(0, units).Select(u => (u, (IReadOnlyList<string>)Enumerable.Range(u * perUnit, perUnit).Select(i => $"c{i}").ToList())).ToArray();

    private static WorkLease Granted(LeaseOutcome outcome) => Assert.IsType<LeaseOutcome.Granted>(outcome).Lease;

    private static PartRecordedV1 Part(int number, IEnumerable<string> completed, params FailedCellV1[] failed) =>
        new($"part-{number:D5}.parquet", number, completed.ToList(), failed, T0);

    [Fact]
    public void Leases_units_in_order_and_never_the_same_cell_twice()
    {
        var state = new SweepProgressState(Units(2));
        var a = Granted(state.Lease("w1", T0, Lease));
        var b = Granted(state.Lease("w2", T0, Lease));
        Assert.Equal(["c0", "c1", "c2"], a.CellIds);
        Assert.Equal(["c3", "c4", "c5"], b.CellIds);
        Assert.IsType<LeaseOutcome.NothingNow>(state.Lease("w3", T0, Lease));
        Assert.Equal(6, state.Counts.Leased);
        Assert.Equal(CellState.Leased, state.StateOf("c4"));
    }

    [Fact]
    public void Cells_count_as_done_only_after_their_part_is_recorded()
    {
        var state = new SweepProgressState(Units(1));
        var lease = Granted(state.Lease("w1", T0, Lease));
        var accepted = state.AcceptResult(lease.LeaseId, "w1", lease.CellIds);
        Assert.Equal(lease.CellIds, accepted);
        Assert.Equal(CellState.Committing, state.StateOf("c0"));
        Assert.Equal(0, state.Counts.Done);
        Assert.False(state.IsFinished);
        Assert.IsType<LeaseOutcome.NothingNow>(state.Lease("w2", T0, Lease));

        state.Apply(Part(0, ["c0", "c2"], new FailedCellV1("c1", "boom")));
        Assert.Equal(2, state.Counts.Completed);
        Assert.Equal(1, state.Counts.Failed);
        Assert.Equal(CellState.Failed, state.StateOf("c1"));
        Assert.Equal("part-00000.parquet", state.PartOf("c1"));
        Assert.True(state.IsFinished);
        Assert.IsType<LeaseOutcome.Finished>(state.Lease("w2", T0, Lease));
        Assert.Equal(1, state.NextPartNumber);
        Assert.Equal(3, state.CellsByWorker["w1"]);
    }

    [Fact]
    public void A_partial_result_releases_the_unreported_cells()
    {
        var state = new SweepProgressState(Units(1));
        var lease = Granted(state.Lease("w1", T0, Lease));
        state.AcceptResult(lease.LeaseId, "w1", ["c0"]);
        Assert.Equal(CellState.Pending, state.StateOf("c1"));
        var again = Granted(state.Lease("w2", T0, Lease));
        Assert.Equal(["c1", "c2"], again.CellIds);
    }

    [Fact]
    public void Expired_leases_return_to_the_queue_and_are_counted()
    {
        var state = new SweepProgressState(Units(2));
        var a = Granted(state.Lease("w1", T0, Lease));
        Granted(state.Lease("w2", T0, Lease));
        Assert.True(state.Renew(a.LeaseId, T0 + TimeSpan.FromSeconds(20), Lease));

        var lost = state.ExpireLeases(T0 + TimeSpan.FromSeconds(31));
        var loss = Assert.IsType<LeaseLostV1>(Assert.Single(lost));
        Assert.Equal(1, loss.UnitId);
        Assert.Equal("w2", loss.Worker);
        foreach (var e in lost) state.Apply(e);
        Assert.Equal(1, state.LeaseLossesOf(1));
        Assert.Equal(CellState.Pending, state.StateOf("c3"));
        Assert.Equal(CellState.Leased, state.StateOf("c0"));
        Assert.Equal(["c3", "c4", "c5"], Granted(state.Lease("w3", T0, Lease)).CellIds);
    }

    [Fact]
    public void Leases_of_a_removed_node_are_lost_and_others_kept()
    {
        var state = new SweepProgressState(Units(3));
        Granted(state.Lease("akka.tcp://s@10.0.0.1:1/slot-1", T0, Lease));
        Granted(state.Lease("akka.tcp://s@10.0.0.2:1/slot-1", T0, Lease));
        Granted(state.Lease("akka.tcp://s@10.0.0.1:1/slot-2", T0, Lease));
        var lost = state.LoseLeasesOf(w => w.StartsWith("akka.tcp://s@10.0.0.1:1/"), "node removed", T0);
        Assert.Equal([0, 2], lost.Cast<LeaseLostV1>().Select(l => l.UnitId).Order());
        Assert.Equal(3, state.Counts.Leased);
        Assert.Equal(6, state.Counts.Pending);
    }

    [Fact]
    public void First_result_wins_and_a_late_duplicate_is_dropped()
    {
        var state = new SweepProgressState(Units(1));
        var first = Granted(state.Lease("w1", T0, Lease));
        state.ExpireLeases(T0 + Lease + TimeSpan.FromSeconds(1));
        var second = Granted(state.Lease("w2", T0 + Lease, Lease));
        Assert.Equal(first.CellIds, second.CellIds);

        // The slow first worker reports after all: accepted, and the second lease loses those cells.
        Assert.Equal(3, state.AcceptResult(first.LeaseId, "w1", first.CellIds).Count);
        Assert.Empty(state.AcceptResult(second.LeaseId, "w2", second.CellIds));
        state.Apply(Part(0, first.CellIds));
        Assert.Empty(state.AcceptResult(first.LeaseId, "w1", first.CellIds));
        Assert.Equal(3, state.Counts.Completed);
        Assert.Equal(0, state.Counts.Committing);
    }

    [Fact]
    public void Unknown_cells_in_a_result_are_ignored()
    {
        var state = new SweepProgressState(Units(1));
        var lease = Granted(state.Lease("w1", T0, Lease));
        Assert.Equal(["c0"], state.AcceptResult(lease.LeaseId, "w1", ["c0", "not-planned"]));
    }

    [Fact]
    public void A_failed_commit_puts_the_cells_back()
    {
        var state = new SweepProgressState(Units(1));
        var lease = Granted(state.Lease("w1", T0, Lease));
        state.AcceptResult(lease.LeaseId, "w1", lease.CellIds);
        state.CommitFailed(lease.CellIds);
        Assert.Equal(3, state.Counts.Pending);
        Assert.Equal(lease.CellIds, Granted(state.Lease("w2", T0, Lease)).CellIds);
    }

    [Fact]
    public void A_unit_that_keeps_losing_leases_is_given_up_after_the_retry_budget()
    {
        var state = new SweepProgressState(Units(2), maxLeaseLosses: 2);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var lease = Granted(state.Lease("w1", T0, Lease));
            Assert.Equal(0, lease.UnitId);
            Assert.Empty(state.TakeAbandoned());
            foreach (var e in state.LoseLeasesOf(_ => true, "crash", T0)) state.Apply(e);
        }
        // Third loss exceeds the two retries: unit 0 is no longer leased; its cells are handed out to be written as failed.
        Assert.Equal(1, Granted(state.Lease("w1", T0, Lease)).UnitId);
        Assert.Equal(["c0", "c1", "c2"], state.TakeAbandoned());
        Assert.Equal(CellState.Committing, state.StateOf("c0"));
        Assert.Empty(state.TakeAbandoned());
    }

    [Fact]
    public void Replaying_the_events_or_a_snapshot_rebuilds_the_durable_state()
    {
        var live = new SweepProgressState(Units(4));
        var journal = new List<IProgressEvent>();
        void Persist(IEnumerable<IProgressEvent> events)
        {
            foreach (var e in events) { journal.Add(e); live.Apply(e); }
        }

        Persist(live.Register("sweep-a", "tiny", "static", T0));
        var a = Granted(live.Lease("w1", T0, Lease));
        live.AcceptResult(a.LeaseId, "w1", a.CellIds);
        Persist([Part(0, a.CellIds.Take(2), new FailedCellV1(a.CellIds[2], "diverged"))]);
        Granted(live.Lease("w2", T0, Lease));
        Persist(live.LoseLeasesOf(w => w == "w2", "node removed", T0));
        var b = Granted(live.Lease("w3", T0, Lease));
        live.AcceptResult(b.LeaseId, "w3", b.CellIds); // committing, never recorded: must be pending after replay

        var replayed = new SweepProgressState(Units(4));
        foreach (var e in journal) replayed.Apply(e);
        var fromSnapshot = new SweepProgressState(Units(4)).Apply(live.Snapshot());

        foreach (var restored in new[] { replayed, fromSnapshot })
        {
            Assert.Equal("sweep-a", restored.Sweep!.SweepId);
            Assert.Equal(new ProgressCounts(12, 2, 1, 0, 0, 1), restored.Counts);
            Assert.Equal(1, restored.LeaseLossesOf(1));
            Assert.Equal(1, restored.NextPartNumber);
            Assert.Equal(["part-00000.parquet"], restored.RecordedPartFiles);
            Assert.All(b.CellIds, c => Assert.Equal(CellState.Pending, restored.StateOf(c)));
            Assert.Empty(restored.Register("sweep-a", "tiny", "static", T0));
            Assert.Throws<InvalidOperationException>(() => restored.Register("sweep-b", "other", "static", T0));
        }
    }

    [Fact]
    public void A_stopped_slot_releases_its_leases_without_a_loss()
    {
        var state = new SweepProgressState(Units(2));
        Granted(state.Lease("w1", T0, Lease));
        Granted(state.Lease("w2", T0, Lease));
        state.ReleaseLeasesOf("w1");
        Assert.Equal(3, state.Counts.Leased);
        Assert.Equal(0, state.LeaseLossesOf(0));
        Assert.Equal(0, Granted(state.Lease("w3", T0, Lease)).UnitId);
    }

    [Fact]
    public void A_cell_in_two_units_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new SweepProgressState([(0, ["a", "b"]), (1, ["b"])]));
    }

    [Fact]
    public void Only_legal_transitions_are_allowed()
    {
        // Every finished cell leaves its state only to Pending (its part dropped); nothing goes back to Leased
        // from Committing; a cell never moves to the state it is in.
        Assert.True(SweepProgressState.IsLegal(CellState.Pending, CellState.Leased));
        Assert.True(SweepProgressState.IsLegal(CellState.Leased, CellState.Committing));
        Assert.True(SweepProgressState.IsLegal(CellState.Committing, CellState.Completed));
        Assert.True(SweepProgressState.IsLegal(CellState.Failed, CellState.Pending));
        Assert.False(SweepProgressState.IsLegal(CellState.Committing, CellState.Leased));
        Assert.False(SweepProgressState.IsLegal(CellState.Completed, CellState.Failed));
        Assert.False(SweepProgressState.IsLegal(CellState.Failed, CellState.Completed));
        Assert.False(SweepProgressState.IsLegal(CellState.Completed, CellState.Leased));
        foreach (var state in Enum.GetValues<CellState>()) Assert.False(SweepProgressState.IsLegal(state, state));
    }

    [Fact]
    public void A_dropped_part_makes_its_cells_pending_and_counts_follow()
    {
        var state = new SweepProgressState(Units(2));
        state.Apply(Part(0, ["c0", "c1"], new FailedCellV1("c2", "boom")));
        state.Apply(Part(1, ["c3", "c4", "c5"]));
        Assert.True(state.IsFinished);

        state.Apply(new PartDroppedV1("part-00000.parquet", "missing", T0));
        Assert.Equal(new ProgressCounts(6, 3, 0, 0, 0, 1), state.Counts);
        Assert.Equal(CellState.Pending, state.StateOf("c2"));
        Assert.Null(state.PartOf("c0"));
        Assert.Equal(2, state.NextPartNumber); // numbers are never reused
        Assert.Equal(["c0", "c1", "c2"], Granted(state.Lease("w1", T0, Lease)).CellIds);
    }

    [Fact]
    public void Retrying_failed_cells_replaces_their_part_and_resets_the_lost_lease_budget()
    {
        var state = new SweepProgressState(Units(2), maxLeaseLosses: 0);
        Granted(state.Lease("w1", T0, Lease));
        foreach (var e in state.LoseLeasesOf(_ => true, "crash", T0)) state.Apply(e);
        var abandoned = state.TakeAbandoned(); // unit 0 given up: its cells get failed rows
        Assert.Equal(["c0", "c1", "c2"], abandoned);
        state.Apply(Part(0, [], abandoned.Select(c => new FailedCellV1(c, "gave up")).ToArray()));
        var b = Granted(state.Lease("w1", T0, Lease));
        state.AcceptResult(b.LeaseId, "w1", b.CellIds);
        state.Apply(Part(1, ["c3", "c4"], new FailedCellV1("c5", "diverged")));
        Assert.Equal(2, state.Counts.Completed);

        var toRetry = state.PartsWithFailedCells();
        Assert.Equal(["part-00000.parquet", "part-00001.parquet"], toRetry.Select(p => p.PartFile));
        // What the coordinator persists: drop each, record the completed rows' copy, reset the units' budget.
        state.Apply(new PartDroppedV1("part-00000.parquet", "retry", T0));
        state.Apply(new PartDroppedV1("part-00001.parquet", "retry", T0));
        state.Apply(Part(2, ["c3", "c4"]));
        state.Apply(new LeaseLossesResetV1([0, 1], T0));

        Assert.Equal(new ProgressCounts(6, 2, 0, 0, 0, 1), state.Counts);
        Assert.Equal("part-00002.parquet", state.PartOf("c3"));
        Assert.Equal(0, state.LeaseLossesOf(0));
        Assert.Empty(state.TakeAbandoned());
        var leased = new[] { Granted(state.Lease("w2", T0, Lease)), Granted(state.Lease("w2", T0, Lease)) };
        Assert.Equal(["c0", "c1", "c2", "c5"], leased.SelectMany(l => l.CellIds).Order());
    }
}
