using TwoFactor.Cluster.Progress;
using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Tests;

/// <summary>The coordinator's state machine without Akka: leasing, results, commits, losses, replay.</summary>
public class SweepProgressStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>A real plan of 12 cells (the state looks ids up in it); c(i) is the id of its cell i.</summary>
    private static readonly SweepPlan Plan = TestSweeps.Plan("state", seeds: 12);

    private static string c(int index) => Plan.CellIdAt(index);

    private static string[] Ids(IEnumerable<int> cells) => cells.Select(c).ToArray();

    /// <summary>The first units * perUnit cells of <see cref="Plan"/> in units of 3 cells: u0 = c0..c2, u1 = c3..c5, ...</summary>
    private static SweepProgressState State(int units, int perUnit = 3, int maxLeaseLosses = 2, int maxLeaseCells = 1000)
    {
        var plan = units * perUnit == Plan.CellCount ? Plan : TestSweeps.Plan($"state-{units}x{perUnit}", seeds: units * perUnit);
        return new SweepProgressState(plan, TestSweeps.Units(plan, perUnit), maxLeaseLosses, maxLeaseCells);
    }

    private static WorkLease Granted(LeaseOutcome outcome) => Assert.IsType<LeaseOutcome.Granted>(outcome).Lease;

    private static PartRecordedV1 Part(int number, IEnumerable<string> completed, params FailedCellV1[] failed) =>
        new($"part-{number:D5}.parquet", number, completed.ToList(), failed, T0);

    [Fact]
    public void Leases_units_in_order_and_never_the_same_cell_twice()
    {
        var state = State(2);
        var a = Granted(state.Lease("w1", T0, Lease));
        var b = Granted(state.Lease("w2", T0, Lease));
        Assert.Equal([c(0), c(1), c(2)], Ids(a.Cells));
        Assert.Equal([c(3), c(4), c(5)], Ids(b.Cells));
        Assert.IsType<LeaseOutcome.NothingNow>(state.Lease("w3", T0, Lease));
        Assert.Equal(6, state.Counts.Leased);
        Assert.Equal(CellState.Leased, state.StateOf(c(4)));
    }

    [Fact]
    public void Cells_count_as_done_only_after_their_part_is_recorded()
    {
        var state = State(1);
        var lease = Granted(state.Lease("w1", T0, Lease));
        var accepted = state.AcceptResult(lease.LeaseId, "w1", Ids(lease.Cells));
        Assert.Equal(Ids(lease.Cells), accepted);
        Assert.Equal(CellState.Committing, state.StateOf(c(0)));
        Assert.Equal(0, state.Counts.Done);
        Assert.False(state.IsFinished);
        Assert.IsType<LeaseOutcome.NothingNow>(state.Lease("w2", T0, Lease));

        state.Apply(Part(0, [c(0), c(2)], new FailedCellV1(c(1), "boom")));
        Assert.Equal(2, state.Counts.Completed);
        Assert.Equal(1, state.Counts.Failed);
        Assert.Equal(CellState.Failed, state.StateOf(c(1)));
        Assert.Equal("part-00000.parquet", state.PartOf(c(1)));
        Assert.True(state.IsFinished);
        Assert.IsType<LeaseOutcome.Finished>(state.Lease("w2", T0, Lease));
        Assert.Equal(1, state.NextPartNumber);
        Assert.Equal(3, state.CellsByWorker["w1"]);
    }

    [Fact]
    public void A_partial_result_releases_the_unreported_cells()
    {
        var state = State(1);
        var lease = Granted(state.Lease("w1", T0, Lease));
        state.AcceptResult(lease.LeaseId, "w1", [c(0)]);
        Assert.Equal(CellState.Pending, state.StateOf(c(1)));
        var again = Granted(state.Lease("w2", T0, Lease));
        Assert.Equal([c(1), c(2)], Ids(again.Cells));
    }

    [Fact]
    public void Expired_leases_return_to_the_queue_and_are_counted()
    {
        var state = State(2);
        var a = Granted(state.Lease("w1", T0, Lease));
        Granted(state.Lease("w2", T0, Lease));
        Assert.True(state.Renew(a.LeaseId, T0 + TimeSpan.FromSeconds(20), Lease));

        var lost = state.ExpireLeases(T0 + TimeSpan.FromSeconds(31));
        var loss = Assert.IsType<LeaseLostV1>(Assert.Single(lost));
        Assert.Equal(1, loss.UnitId);
        Assert.Equal("w2", loss.Worker);
        foreach (var e in lost) state.Apply(e);
        Assert.Equal(1, state.LeaseLossesOf(1));
        Assert.Equal(CellState.Pending, state.StateOf(c(3)));
        Assert.Equal(CellState.Leased, state.StateOf(c(0)));
        Assert.Equal([c(3), c(4), c(5)], Ids(Granted(state.Lease("w3", T0, Lease)).Cells));
    }

    [Fact]
    public void Leases_of_a_removed_node_are_lost_and_others_kept()
    {
        var state = State(3);
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
        var state = State(1);
        var first = Granted(state.Lease("w1", T0, Lease));
        state.ExpireLeases(T0 + Lease + TimeSpan.FromSeconds(1));
        var second = Granted(state.Lease("w2", T0 + Lease, Lease));
        Assert.Equal(Ids(first.Cells), Ids(second.Cells));

        // The slow first worker reports after all: accepted, and the second lease loses those cells.
        Assert.Equal(3, state.AcceptResult(first.LeaseId, "w1", Ids(first.Cells)).Count);
        Assert.Empty(state.AcceptResult(second.LeaseId, "w2", Ids(second.Cells)));
        state.Apply(Part(0, Ids(first.Cells)));
        Assert.Empty(state.AcceptResult(first.LeaseId, "w1", Ids(first.Cells)));
        Assert.Equal(3, state.Counts.Completed);
        Assert.Equal(0, state.Counts.Committing);
    }

    [Fact]
    public void Unknown_cells_in_a_result_are_ignored()
    {
        var state = State(1);
        var lease = Granted(state.Lease("w1", T0, Lease));
        Assert.Equal([c(0)], state.AcceptResult(lease.LeaseId, "w1", [c(0), "not-planned"]));
    }

    [Fact]
    public void A_failed_commit_puts_the_cells_back()
    {
        var state = State(1);
        var lease = Granted(state.Lease("w1", T0, Lease));
        state.AcceptResult(lease.LeaseId, "w1", Ids(lease.Cells));
        state.CommitFailed(Ids(lease.Cells));
        Assert.Equal(3, state.Counts.Pending);
        Assert.Equal(Ids(lease.Cells), Ids(Granted(state.Lease("w2", T0, Lease)).Cells));
    }

    [Fact]
    public void A_unit_that_keeps_losing_leases_is_given_up_after_the_retry_budget()
    {
        var state = State(2, maxLeaseLosses: 2);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var lease = Granted(state.Lease("w1", T0, Lease));
            Assert.Equal(0, lease.UnitId);
            Assert.Empty(state.TakeAbandoned());
            foreach (var e in state.LoseLeasesOf(_ => true, "crash", T0)) state.Apply(e);
        }
        // Third loss exceeds the two retries: unit 0 is no longer leased; its cells are handed out to be written as failed.
        Assert.Equal(1, Granted(state.Lease("w1", T0, Lease)).UnitId);
        Assert.Equal([0, 1, 2], state.TakeAbandoned());
        Assert.Equal(CellState.Committing, state.StateOf(c(0)));
        Assert.Empty(state.TakeAbandoned());
    }

    [Fact]
    public void Replaying_the_events_or_a_snapshot_rebuilds_the_durable_state()
    {
        var live = State(4);
        var journal = new List<IProgressEvent>();
        void Persist(IEnumerable<IProgressEvent> events)
        {
            foreach (var e in events) { journal.Add(e); live.Apply(e); }
        }

        Persist(live.Register("sweep-a", "tiny", "static", T0));
        var a = Granted(live.Lease("w1", T0, Lease));
        live.AcceptResult(a.LeaseId, "w1", Ids(a.Cells));
        Persist([Part(0, Ids(a.Cells).Take(2), new FailedCellV1(Ids(a.Cells)[2], "diverged"))]);
        Granted(live.Lease("w2", T0, Lease));
        Persist(live.LoseLeasesOf(w => w == "w2", "node removed", T0));
        var b = Granted(live.Lease("w3", T0, Lease));
        live.AcceptResult(b.LeaseId, "w3", Ids(b.Cells)); // committing, never recorded: must be pending after replay

        var replayed = State(4);
        foreach (var e in journal) replayed.Apply(e);
        var fromSnapshot = State(4).Apply(live.Snapshot());

        foreach (var restored in new[] { replayed, fromSnapshot })
        {
            Assert.Equal("sweep-a", restored.Sweep!.SweepId);
            Assert.Equal(new ProgressCounts(12, 2, 1, 0, 0, 1), restored.Counts);
            Assert.Equal(1, restored.LeaseLossesOf(1));
            Assert.Equal(1, restored.NextPartNumber);
            Assert.Equal(["part-00000.parquet"], restored.RecordedPartFiles);
            Assert.All(Ids(b.Cells), c => Assert.Equal(CellState.Pending, restored.StateOf(c)));
            Assert.Empty(restored.Register("sweep-a", "tiny", "static", T0));
            Assert.Throws<InvalidOperationException>(() => restored.Register("sweep-b", "other", "static", T0));
        }
    }

    [Fact]
    public void A_stopped_slot_releases_its_leases_without_a_loss()
    {
        var state = State(2);
        Granted(state.Lease("w1", T0, Lease));
        Granted(state.Lease("w2", T0, Lease));
        state.ReleaseLeasesOf("w1");
        Assert.Equal(3, state.Counts.Leased);
        Assert.Equal(0, state.LeaseLossesOf(0));
        Assert.Equal(0, Granted(state.Lease("w3", T0, Lease)).UnitId);
    }

    [Fact]
    public void Units_must_cover_the_plan_once_in_order()
    {
        var plan = TestSweeps.Plan("cover", seeds: 6);
        // Overlapping (a cell in two units), leaving a gap, short of the plan, or a unit id twice: refused before any lease.
        Assert.Throws<ArgumentException>(() => new SweepProgressState(plan, [new WorkUnit(0, 0, 4), new WorkUnit(1, 3, 3)]));
        Assert.Throws<ArgumentException>(() => new SweepProgressState(plan, [new WorkUnit(0, 0, 2), new WorkUnit(1, 3, 3)]));
        Assert.Throws<ArgumentException>(() => new SweepProgressState(plan, [new WorkUnit(0, 0, 5)]));
        Assert.Throws<ArgumentException>(() => new SweepProgressState(plan, [new WorkUnit(0, 0, 3), new WorkUnit(0, 3, 3)]));
        Assert.Equal(6, new SweepProgressState(plan, [new WorkUnit(7, 0, 3), new WorkUnit(3, 3, 3)]).TotalCells);
    }

    [Fact]
    public void A_unit_larger_than_the_lease_cap_is_leased_in_pieces_charged_to_the_unit()
    {
        var state = State(units: 1, perUnit: 12, maxLeaseLosses: 1, maxLeaseCells: 5);
        var pieces = Enumerable.Range(0, 3).Select(_ => Granted(state.Lease("w1", T0, Lease))).ToList();
        Assert.Equal([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11]], pieces.Select(p => p.Cells.ToArray()));
        Assert.All(pieces, p => Assert.Equal(0, p.UnitId));
        Assert.IsType<LeaseOutcome.NothingNow>(state.Lease("w2", T0, Lease));

        // The first piece reports; the other two expire: only their cells are pending again, each loss is the unit's.
        state.AcceptResult(pieces[0].LeaseId, "w1", Ids(pieces[0].Cells));
        var lost = state.ExpireLeases(T0 + Lease);
        Assert.Equal(2, lost.Count);
        foreach (var e in lost) state.Apply(e);
        Assert.Equal(2, state.LeaseLossesOf(0));
        Assert.Equal(7, state.Counts.Pending);
        // Two losses exceed the budget of one: the unit is given up, its 7 unfinished cells get failed rows.
        Assert.IsType<LeaseOutcome.NothingNow>(state.Lease("w2", T0, Lease));
        Assert.Equal(Enumerable.Range(5, 7), state.TakeAbandoned());
    }

    [Fact]
    public void A_released_cell_is_leased_again_even_after_its_unit_was_scanned_past_it()
    {
        var state = State(units: 1, perUnit: 12, maxLeaseCells: 4);
        var first = Granted(state.Lease("w1", T0, Lease));
        Granted(state.Lease("w1", T0, Lease));
        // Rows for cells 0 and 2 only: 1 and 3 are pending again, before the unit's scan position (8).
        state.AcceptResult(first.LeaseId, "w1", [c(0), c(2)]);
        Assert.Equal([1, 3, 8, 9], Granted(state.Lease("w2", T0, Lease)).Cells);
        Assert.Equal([10, 11], Granted(state.Lease("w2", T0, Lease)).Cells);
        Assert.IsType<LeaseOutcome.NothingNow>(state.Lease("w2", T0, Lease));
    }

    [Fact]
    public void An_illegal_transition_throws_naming_the_cell_and_the_states()
    {
        var state = State(1);
        var lease = Granted(state.Lease("w1", T0, Lease));
        state.AcceptResult(lease.LeaseId, "w1", [c(0)]);
        var error = Assert.Throws<InvalidOperationException>(() => state.Move(0, CellState.Leased));
        Assert.Contains(c(0), error.Message);
        Assert.Contains("Committing -> Leased", error.Message);
        Assert.Throws<InvalidOperationException>(() => state.Move(1, CellState.Pending)); // already pending
        state.Apply(Part(0, [c(0)]));
        Assert.Throws<InvalidOperationException>(() => state.Move(0, CellState.Failed));
        // A refused move changes nothing.
        Assert.Equal(new ProgressCounts(3, 1, 0, 0, 0, 1), state.Counts);
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
        var state = State(2);
        state.Apply(Part(0, [c(0), c(1)], new FailedCellV1(c(2), "boom")));
        state.Apply(Part(1, [c(3), c(4), c(5)]));
        Assert.True(state.IsFinished);

        state.Apply(new PartDroppedV1("part-00000.parquet", "missing", T0));
        Assert.Equal(new ProgressCounts(6, 3, 0, 0, 0, 1), state.Counts);
        Assert.Equal(CellState.Pending, state.StateOf(c(2)));
        Assert.Null(state.PartOf(c(0)));
        Assert.Equal(2, state.NextPartNumber); // numbers are never reused
        Assert.Equal([c(0), c(1), c(2)], Ids(Granted(state.Lease("w1", T0, Lease)).Cells));
    }

    [Fact]
    public void Retrying_failed_cells_replaces_their_part_and_resets_the_lost_lease_budget()
    {
        var state = State(2, maxLeaseLosses: 0);
        Granted(state.Lease("w1", T0, Lease));
        foreach (var e in state.LoseLeasesOf(_ => true, "crash", T0)) state.Apply(e);
        var abandoned = Ids(state.TakeAbandoned()); // unit 0 given up: its cells get failed rows
        Assert.Equal([c(0), c(1), c(2)], abandoned);
        state.Apply(Part(0, [], abandoned.Select(c => new FailedCellV1(c, "gave up")).ToArray()));
        var b = Granted(state.Lease("w1", T0, Lease));
        state.AcceptResult(b.LeaseId, "w1", Ids(b.Cells));
        state.Apply(Part(1, [c(3), c(4)], new FailedCellV1(c(5), "diverged")));
        Assert.Equal(2, state.Counts.Completed);

        var toRetry = state.PartsWithFailedCells();
        Assert.Equal(["part-00000.parquet", "part-00001.parquet"], toRetry.Select(p => p.PartFile));
        // What the coordinator persists: drop each, record the completed rows' copy, reset the units' budget.
        state.Apply(new PartDroppedV1("part-00000.parquet", "retry", T0));
        state.Apply(new PartDroppedV1("part-00001.parquet", "retry", T0));
        state.Apply(Part(2, [c(3), c(4)]));
        state.Apply(new LeaseLossesResetV1([0, 1], T0));

        Assert.Equal(new ProgressCounts(6, 2, 0, 0, 0, 1), state.Counts);
        Assert.Equal("part-00002.parquet", state.PartOf(c(3)));
        Assert.Equal(0, state.LeaseLossesOf(0));
        Assert.Empty(state.TakeAbandoned());
        var leased = new[] { Granted(state.Lease("w2", T0, Lease)), Granted(state.Lease("w2", T0, Lease)) };
        Assert.Equal(new[] { c(0), c(1), c(2), c(5) }.Order(), leased.SelectMany(l => Ids(l.Cells)).Order());
    }
}
