using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Progress;

/// <summary>
/// The coordinator's state machine, free of Akka so that it can be tested directly. Every planned cell has an
/// explicit <see cref="CellState"/> that changes only through one transition function (<see cref="Move"/>),
/// which rejects illegal transitions (see <see cref="IsLegal"/>), as Ray Tune's trial controller does. Two kinds of state:
/// <list type="bullet">
/// <item>durable: which cells are in which recorded part (completed or failed) and how many leases each unit
/// lost. It changes only through <see cref="Apply"/> of journal events, so replaying the journal rebuilds it;</item>
/// <item>transient: leases, the cells being committed by the result sink, the work queue. After a restart
/// they are empty: whatever was in flight is simply pending again (a late result is still accepted once).</item>
/// </list>
/// Decisions (<see cref="Lease"/>, <see cref="AcceptResult"/>, <see cref="ExpireLeases"/>, ...) change only
/// transient state and return the events the caller must persist and then apply.
/// Per-cell data lives in arrays indexed by the cell's position in the plan (about 17 bytes per cell here,
/// plus the plan's own): 10^7 cells must fit in memory. Cell ids are strings only at the edges (journal
/// events, rows), looked up through <see cref="SweepPlan.IndexOf"/>.
/// The object is mutable on purpose: copying 10^6 cells per event would dominate the coordinator's time.
/// </summary>
public sealed class SweepProgressState
{
    /// <summary>
    /// Most cells in one lease: a lost lease (a dead worker) loses at most this many cells' work, and leases,
    /// results and parts stay small messages however large a unit of tiny cells is. A unit larger than this is
    /// leased in several pieces, each charged to the unit if it is lost.
    /// </summary>
    public const int DefaultMaxLeaseCells = 1000;

    private readonly SweepPlan _plan;
    private readonly WorkUnit[] _units;
    private readonly Dictionary<int, int> _slotOfUnit = new();
    private readonly int _maxLeaseLosses;
    private readonly int _maxLeaseCells;

    // per cell (plan index): state; its lease while Leased; its part slot + 1 while Completed/Failed (0: none)
    private readonly CellState[] _state;
    private readonly long[] _leaseOf;
    private readonly int[] _partOf;
    private readonly Dictionary<int, string> _errorOf = new();
    private readonly int[] _count = new int[Enum.GetValues<CellState>().Length];

    // durable
    private readonly List<RecordedPart?> _parts = [];
    private readonly Dictionary<string, int> _partSlot = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _losses = new();

    // transient; per unit (slot): where its next pending cell may be, and whether it is queued
    private readonly int[] _scanFrom;
    private readonly bool[] _queued;
    private readonly LinkedList<int> _queue = new();
    private readonly Dictionary<long, LiveLease> _leases = new();
    private readonly Dictionary<string, int> _cellsByWorker = new(StringComparer.Ordinal);
    private readonly Dictionary<long, (int Cell, RunningCell Report)> _running = new();
    private long _nextLeaseId = 1;

    /// <param name="plan">The sweep's cells.</param>
    /// <param name="units">The plan's work units: consecutive slices that together hold every planned cell once, in plan order.</param>
    /// <param name="maxLeaseLosses">Leases a unit may lose (worker died, deadline passed) before its unfinished
    /// cells are given up and recorded as failed. The "retried 2 times" default.</param>
    /// <param name="maxLeaseCells">Most cells in one lease (<see cref="DefaultMaxLeaseCells"/>).</param>
    public SweepProgressState(SweepPlan plan, IReadOnlyList<WorkUnit> units, int maxLeaseLosses = 2, int maxLeaseCells = DefaultMaxLeaseCells)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLeaseCells, 1);
        _plan = plan;
        _maxLeaseLosses = maxLeaseLosses;
        _maxLeaseCells = maxLeaseCells;
        _units = units.ToArray();
        int next = 0;
        for (int k = 0; k < _units.Length; k++)
        {
            var unit = _units[k];
            if (unit.Start != next || unit.Count < 1)
                throw new ArgumentException($"work unit {unit.UnitId} holds cells [{unit.Start}, {unit.End}); the units must cover the plan's cells once, in order (expected a unit from {next})", nameof(units));
            if (!_slotOfUnit.TryAdd(unit.UnitId, k))
                throw new ArgumentException($"work unit id {unit.UnitId} appears twice", nameof(units));
            next = unit.End;
        }
        if (next != plan.CellCount)
            throw new ArgumentException($"the work units hold {next} cells, the plan {plan.CellCount}", nameof(units));

        _state = new CellState[next];
        _leaseOf = new long[next];
        _partOf = new int[next];
        _count[(int)CellState.Pending] = next;
        _scanFrom = _units.Select(u => u.Start).ToArray();
        _queued = new bool[_units.Length];
        for (int k = 0; k < _units.Length; k++) Enqueue(k, front: false);
    }

    public SweepRegisteredV1? Sweep { get; private set; }
    public int TotalCells => _state.Length;
    public int NextPartNumber { get; private set; }
    public IReadOnlySet<string> RecordedPartFiles => _partSlot.Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>The recorded parts with the cells the journal says each holds, in part-number order (built on each call).</summary>
    public IEnumerable<RecordedPartV1> RecordedParts => _parts.OfType<RecordedPart>().OrderBy(p => p.Number).Select(ToRecord);

    public IReadOnlyDictionary<string, int> CellsByWorker => _cellsByWorker;

    /// <summary>The running cell of each live lease that reported one, ordered by worker.</summary>
    public IReadOnlyList<RunningCell> RunningCells => _running.Values.Select(r => r.Report).OrderBy(r => r.Worker, StringComparer.Ordinal).ToList();

    public ProgressCounts Counts => new(TotalCells, Count(CellState.Completed), Count(CellState.Failed),
        Count(CellState.Leased), Count(CellState.Committing), _partSlot.Count);

    public bool IsFinished => TotalCells > 0 && Counts.IsFinished;

    public CellState StateOf(string cellId) => _plan.IndexOf(cellId) is var i and >= 0 ? _state[i] : CellState.Pending;

    /// <summary>The part file that holds a finished cell, or null.</summary>
    public string? PartOf(string cellId) => _plan.IndexOf(cellId) is var i and >= 0 && _partOf[i] > 0 ? _parts[_partOf[i] - 1]!.File : null;

    public int LeaseLossesOf(int unitId) => _losses.GetValueOrDefault(unitId);

    /// <summary>The unit a planned cell belongs to.</summary>
    public int UnitOf(string cellId) =>
        _plan.IndexOf(cellId) is var i and >= 0 ? _units[SlotOfCell(i)].UnitId : throw new ArgumentException($"cell {cellId} is not planned", nameof(cellId));

    /// <summary>Failed cells with their error, in cell-id order.</summary>
    public IEnumerable<(string CellId, string Error)> FailedCells =>
        _errorOf.Select(e => (_plan.CellIdAt(e.Key), e.Value)).OrderBy(f => f.Item1, StringComparer.Ordinal);

    // ---------------------------------------------------------------- transitions

    /// <summary>
    /// The legal moves of a cell. Pending/Leased/Committing may be recorded (Completed, Failed) directly because
    /// replay and late results skip the in-memory steps; a finished cell leaves its state only to Pending, when its
    /// part is dropped (damaged, or its failed cells retried). Committing never goes back to Leased.
    /// </summary>
    public static bool IsLegal(CellState from, CellState to) => (from, to) switch
    {
        (CellState.Pending, CellState.Leased or CellState.Committing or CellState.Completed or CellState.Failed) => true,
        (CellState.Leased, CellState.Pending or CellState.Committing or CellState.Completed or CellState.Failed) => true,
        (CellState.Committing, CellState.Pending or CellState.Completed or CellState.Failed) => true,
        (CellState.Completed or CellState.Failed, CellState.Pending) => true,
        _ => false,
    };

    /// <summary>
    /// The one place a cell's state changes; keeps the per-state counts, the lease bookkeeping and the units'
    /// scan positions. Internal so that tests can drive an illegal move; everything else goes through the decisions.
    /// </summary>
    /// <exception cref="InvalidOperationException">The transition is not legal: a bug in the caller.</exception>
    internal void Move(int cell, CellState to)
    {
        var from = _state[cell];
        if (!IsLegal(from, to))
            throw new InvalidOperationException($"cell {_plan.CellIdAt(cell)}: illegal transition {from} -> {to}");
        if (from == CellState.Leased) DetachFromLease(cell);
        if (from is CellState.Completed or CellState.Failed)
        {
            _partOf[cell] = 0;
            _errorOf.Remove(cell);
        }
        if (to == CellState.Pending)
        {
            int slot = SlotOfCell(cell);
            _scanFrom[slot] = Math.Min(_scanFrom[slot], cell);
        }
        _count[(int)from]--;
        _count[(int)to]++;
        _state[cell] = to;
    }

    // ---------------------------------------------------------------- decisions

    /// <summary>Events that tie this journal to the sweep; empty when it is already registered.</summary>
    /// <exception cref="InvalidOperationException">The journal belongs to another sweep.</exception>
    public IReadOnlyList<IProgressEvent> Register(string sweepId, string name, string protocol, DateTimeOffset now)
    {
        if (Sweep is null) return [new SweepRegisteredV1(sweepId, name, protocol, TotalCells, now)];
        if (Sweep.SweepId != sweepId)
            throw new InvalidOperationException($"this journal belongs to sweep {Sweep.SweepId}, not {sweepId}");
        return [];
    }

    /// <summary>
    /// Leases up to the lease cap of the first queued unit's pending cells to a worker slot. A unit with more
    /// pending cells than that stays first in the queue, so the next request continues it.
    /// </summary>
    public LeaseOutcome Lease(string worker, DateTimeOffset now, TimeSpan duration)
    {
        while (_queue.First is { } node)
        {
            int slot = node.Value;
            var unit = _units[slot];
            var cells = new List<int>();
            int at = _scanFrom[slot];
            if (!IsAbandoned(unit.UnitId))
                for (; at < unit.End && cells.Count < _maxLeaseCells; at++)
                    if (_state[at] == CellState.Pending) cells.Add(at);
            _scanFrom[slot] = at;
            if (at >= unit.End || IsAbandoned(unit.UnitId))
            {
                _queue.RemoveFirst();
                _queued[slot] = false;
            }
            if (cells.Count == 0) continue;
            var lease = new WorkLease(_nextLeaseId++, unit.UnitId, worker, cells, now + duration);
            _leases.Add(lease.LeaseId, new LiveLease(lease, cells.Count));
            foreach (var cell in cells)
            {
                Move(cell, CellState.Leased);
                _leaseOf[cell] = lease.LeaseId;
            }
            return new LeaseOutcome.Granted(lease);
        }
        return IsFinished ? new LeaseOutcome.Finished() : new LeaseOutcome.NothingNow();
    }

    /// <summary>Pushes a live lease's deadline out (the worker's heartbeat). False when the lease is gone.</summary>
    public bool Renew(long leaseId, DateTimeOffset now, TimeSpan duration)
    {
        if (!_leases.TryGetValue(leaseId, out var live)) return false;
        live.Lease = live.Lease with { Deadline = now + duration };
        return true;
    }

    /// <summary>
    /// A slot's progress report for the cell it runs. Kept only while the lease lives and the cell is still
    /// Leased under it (a late report of an ended lease or a committed cell is dropped); false when dropped.
    /// </summary>
    public bool ReportRunning(long leaseId, RunningCell cell)
    {
        int i = _plan.IndexOf(cell.CellId);
        if (!_leases.ContainsKey(leaseId) || i < 0 || _state[i] != CellState.Leased || _leaseOf[i] != leaseId)
            return false;
        _running[leaseId] = (i, cell);
        return true;
    }

    /// <summary>
    /// Takes a worker's rows: every reported cell that is neither finished nor already being committed moves
    /// to Committing (first result wins, also from an expired lease or a previous coordinator). The lease ends;
    /// its cells without a row (a graceful stop) are pending again. Returns the accepted cells, in order.
    /// </summary>
    public IReadOnlyList<string> AcceptResult(long leaseId, string worker, IReadOnlyList<string> reportedCells)
    {
        var accepted = new List<string>(reportedCells.Count);
        foreach (var id in reportedCells)
        {
            int cell = _plan.IndexOf(id);
            if (cell < 0 || _state[cell] is not (CellState.Pending or CellState.Leased)) continue;
            Move(cell, CellState.Committing);
            accepted.Add(id);
        }
        _cellsByWorker[worker] = _cellsByWorker.GetValueOrDefault(worker) + accepted.Count;
        EndLease(leaseId);
        return accepted;
    }

    /// <summary>A worker gives its lease back without rows (it is stopping): its cells are pending again, no loss counted.</summary>
    public void Release(long leaseId) => EndLease(leaseId);

    /// <summary>A slot stopped (gracefully or as part of a stopping node): its leases end without counting as losses.</summary>
    public void ReleaseLeasesOf(string worker)
    {
        foreach (var live in _leases.Values.Where(l => l.Lease.Worker == worker).ToList()) EndLease(live.Lease.LeaseId);
    }

    /// <summary>Ends every lease past its deadline; returns the losses to persist.</summary>
    public IReadOnlyList<IProgressEvent> ExpireLeases(DateTimeOffset now) =>
        LoseLeases(l => l.Deadline <= now, "lease deadline passed", now);

    /// <summary>Ends every lease held by a worker that matches (a node that left or became unreachable).</summary>
    public IReadOnlyList<IProgressEvent> LoseLeasesOf(Func<string, bool> worker, string reason, DateTimeOffset now) =>
        LoseLeases(l => worker(l.Worker), reason, now);

    /// <summary>The result sink could not write these cells: they are pending again.</summary>
    public void CommitFailed(IEnumerable<string> cellIds)
    {
        foreach (var id in cellIds)
        {
            int cell = _plan.IndexOf(id);
            if (cell < 0 || _state[cell] != CellState.Committing) continue;
            Move(cell, CellState.Pending);
            Enqueue(SlotOfCell(cell), front: true);
        }
    }

    /// <summary>
    /// Pending cells (plan indices) of units that lost more leases than allowed. They move to Committing: the
    /// caller writes a failed row for each (so that the dataset holds every planned cell) and records the part as usual.
    /// </summary>
    public IReadOnlyList<int> TakeAbandoned()
    {
        var cells = new List<int>();
        foreach (var (unitId, losses) in _losses.OrderBy(l => l.Key))
        {
            if (losses <= _maxLeaseLosses || !_slotOfUnit.TryGetValue(unitId, out var slot)) continue;
            var unit = _units[slot];
            for (int cell = unit.Start; cell < unit.End; cell++)
            {
                if (_state[cell] != CellState.Pending) continue;
                Move(cell, CellState.Committing);
                cells.Add(cell);
            }
        }
        return cells;
    }

    /// <summary>
    /// Recorded parts that hold failed cells, with those cells: what `run --retry-failed` replaces. The caller
    /// writes a new part with the part's completed rows, then persists <see cref="PartDroppedV1"/> for the old
    /// part before <see cref="PartRecordedV1"/> for the new one (a crash in between recomputes, never doubles),
    /// and <see cref="LeaseLossesResetV1"/> for the failed cells' units so that given-up units get a new budget.
    /// </summary>
    public IReadOnlyList<RecordedPartV1> PartsWithFailedCells() =>
        RecordedParts.Where(p => p.Failed.Count > 0).ToList();

    // ---------------------------------------------------------------- events

    public SweepProgressState Apply(IProgressEvent e)
    {
        switch (e)
        {
            case SweepRegisteredV1 registered:
                Sweep = registered;
                break;
            case PartRecordedV1 part:
                Record(part.PartFile, part.PartNumber, part.Completed, part.Failed);
                break;
            case PartDroppedV1 dropped:
                Drop(dropped.PartFile);
                break;
            case LeaseLostV1 lost:
                _losses[lost.UnitId] = _losses.GetValueOrDefault(lost.UnitId) + 1;
                break;
            case LeaseLossesResetV1 reset:
                foreach (var unit in reset.UnitIds) _losses.Remove(unit);
                foreach (var unit in reset.UnitIds)
                    if (_slotOfUnit.TryGetValue(unit, out var slot)) Enqueue(slot, front: false);
                break;
            case ProgressSnapshotV1 snapshot:
                Sweep = snapshot.Sweep;
                foreach (var part in snapshot.Parts) Record(part.PartFile, part.PartNumber, part.Completed, part.Failed);
                foreach (var loss in snapshot.LeaseLosses) _losses[loss.UnitId] = loss.Losses;
                break;
            default:
                throw new ArgumentException($"unknown progress event {e.GetType().Name}", nameof(e));
        }
        return this;
    }

    public ProgressSnapshotV1 Snapshot() => new(
        Sweep,
        RecordedParts.ToList(),
        _losses.OrderBy(l => l.Key).Select(l => new UnitLossesV1(l.Key, l.Value)).ToList());

    // ---------------------------------------------------------------- internals

    /// <summary>
    /// A recorded part: its cells as plan indices (in the journal's order), and the ids the journal names that
    /// this state does not attribute to it (outside the plan, or already in an earlier part: first result wins),
    /// kept verbatim so that <see cref="RecordedParts"/> says exactly what the journal said.
    /// </summary>
    private sealed record RecordedPart(string File, int Number, int[] Cells, List<string> OtherCompleted, List<FailedCellV1> OtherFailed);

    /// <summary>A live lease and how many of its cells are still Leased under it (0: the lease is gone).</summary>
    private sealed class LiveLease(WorkLease lease, int attached)
    {
        public WorkLease Lease { get; set; } = lease;
        public int Attached { get; set; } = attached;
    }

    private int Count(CellState state) => _count[(int)state];

    private bool IsAbandoned(int unitId) => _losses.GetValueOrDefault(unitId) > _maxLeaseLosses;

    /// <summary>The unit slot holding a plan index (units are consecutive slices: binary search on their starts).</summary>
    private int SlotOfCell(int cell)
    {
        int lo = 0, hi = _units.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (_units[mid].Start <= cell) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    private RecordedPartV1 ToRecord(RecordedPart part)
    {
        var completed = new List<string>();
        var failed = new List<FailedCellV1>();
        foreach (int cell in part.Cells)
        {
            if (_errorOf.TryGetValue(cell, out var error)) failed.Add(new FailedCellV1(_plan.CellIdAt(cell), error));
            else completed.Add(_plan.CellIdAt(cell));
        }
        completed.AddRange(part.OtherCompleted);
        failed.AddRange(part.OtherFailed);
        return new RecordedPartV1(part.File, part.Number, completed, failed);
    }

    private void Record(string file, int number, IReadOnlyList<string> completed, IReadOnlyList<FailedCellV1> failed)
    {
        Drop(file); // recorded again (never done by this code, but a journal may say so): the newer record counts
        int slot = _parts.Count;
        _partSlot[file] = slot;
        NextPartNumber = Math.Max(NextPartNumber, number + 1);
        var cells = new List<int>(completed.Count + failed.Count);
        var otherCompleted = new List<string>();
        var otherFailed = new List<FailedCellV1>();
        foreach (var id in completed)
            if (Finish(id, slot, null) is int cell) cells.Add(cell);
            else otherCompleted.Add(id);
        foreach (var f in failed)
            if (Finish(f.CellId, slot, f.Error) is int cell) cells.Add(cell);
            else otherFailed.Add(f);
        _parts.Add(new RecordedPart(file, number, cells.ToArray(), otherCompleted, otherFailed));
    }

    /// <summary>The cell's plan index when it is now in this part; null when it is outside the plan or already in another part.</summary>
    private int? Finish(string id, int slot, string? error)
    {
        // Cells outside the plan (an older spec's journal) are ignored; a cell already in another recorded part
        // keeps its first part (first result wins, as for live results).
        int cell = _plan.IndexOf(id);
        if (cell < 0 || _state[cell] is CellState.Completed or CellState.Failed) return null;
        Move(cell, error is null ? CellState.Completed : CellState.Failed);
        _partOf[cell] = slot + 1;
        if (error is not null) _errorOf[cell] = error;
        return cell;
    }

    /// <summary>The part no longer counts (damaged, missing, or replaced by --retry-failed): its cells are pending again.</summary>
    private void Drop(string partFile)
    {
        if (!_partSlot.TryGetValue(partFile, out var slot)) return;
        var part = _parts[slot]!;
        _parts[slot] = null;
        _partSlot.Remove(partFile);
        foreach (int cell in part.Cells)
        {
            if (_partOf[cell] != slot + 1) continue;
            Move(cell, CellState.Pending);
            Enqueue(SlotOfCell(cell), front: false);
        }
    }

    private IReadOnlyList<IProgressEvent> LoseLeases(Func<WorkLease, bool> which, string reason, DateTimeOffset now)
    {
        var lost = _leases.Values.Select(l => l.Lease).Where(which).ToList();
        foreach (var lease in lost) EndLease(lease.LeaseId);
        return lost.Select(l => (IProgressEvent)new LeaseLostV1(l.UnitId, l.Worker, reason, now)).ToList();
    }

    private void EndLease(long leaseId)
    {
        _running.Remove(leaseId);
        if (!_leases.Remove(leaseId, out var live)) return;
        bool released = false;
        foreach (int cell in live.Lease.Cells)
        {
            if (_state[cell] != CellState.Leased || _leaseOf[cell] != leaseId) continue;
            Move(cell, CellState.Pending);
            released = true;
        }
        if (released) Enqueue(_slotOfUnit[live.Lease.UnitId], front: true);
    }

    /// <summary>A cell leaves its lease (to Pending, Committing or a recorded part), in O(1): the lease counts one cell fewer.</summary>
    private void DetachFromLease(int cell)
    {
        long leaseId = _leaseOf[cell];
        _leaseOf[cell] = 0;
        if (_running.TryGetValue(leaseId, out var running) && running.Cell == cell) _running.Remove(leaseId);
        if (_leases.TryGetValue(leaseId, out var live) && --live.Attached == 0) _leases.Remove(leaseId);
    }

    private void Enqueue(int slot, bool front)
    {
        if (_queued[slot]) return;
        _queued[slot] = true;
        if (front) _queue.AddFirst(slot);
        else _queue.AddLast(slot);
    }
}
