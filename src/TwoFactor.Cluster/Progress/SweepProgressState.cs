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
/// Per-cell data lives in arrays indexed by the cell's position in the plan: 10^6 cells must fit in little memory.
/// The object is mutable on purpose: copying 10^5 cells per event would dominate the coordinator's time.
/// </summary>
public sealed class SweepProgressState
{
    private readonly Dictionary<int, int[]> _units = new();
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly string[] _ids;
    private readonly int[] _unitOf;
    private readonly int _maxLeaseLosses;

    // per cell: state, and where it is (lease while Leased, part and error while Completed/Failed)
    private readonly CellState[] _state;
    private readonly long[] _leaseOf;
    private readonly string?[] _partOf;
    private readonly string?[] _errorOf;
    private readonly int[] _count = new int[Enum.GetValues<CellState>().Length];

    // durable
    private readonly Dictionary<string, RecordedPartV1> _parts = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _losses = new();

    // transient
    private readonly Dictionary<long, WorkLease> _leases = new();
    private readonly LinkedList<int> _queue = new();
    private readonly HashSet<int> _queued = new();
    private readonly Dictionary<string, int> _cellsByWorker = new(StringComparer.Ordinal);
    private readonly Dictionary<long, RunningCell> _running = new();
    private long _nextLeaseId = 1;

    /// <param name="units">The plan's work units; together they hold every planned cell once.</param>
    /// <param name="maxLeaseLosses">Leases a unit may lose (worker died, deadline passed) before its unfinished
    /// cells are given up and recorded as failed. The "retried 2 times" default.</param>
    public SweepProgressState(IEnumerable<(int UnitId, IReadOnlyList<string> CellIds)> units, int maxLeaseLosses = 2)
    {
        _maxLeaseLosses = maxLeaseLosses;
        var ids = new List<string>();
        var unitOf = new List<int>();
        foreach (var (unitId, cellIds) in units)
        {
            var members = new int[cellIds.Count];
            for (int i = 0; i < cellIds.Count; i++)
            {
                if (!_index.TryAdd(cellIds[i], ids.Count))
                    throw new ArgumentException($"cell {cellIds[i]} appears in more than one work unit", nameof(units));
                members[i] = ids.Count;
                ids.Add(cellIds[i]);
                unitOf.Add(unitId);
            }
            _units.Add(unitId, members);
            _queue.AddLast(unitId);
            _queued.Add(unitId);
        }
        _ids = ids.ToArray();
        _unitOf = unitOf.ToArray();
        _state = new CellState[_ids.Length];
        _leaseOf = new long[_ids.Length];
        _partOf = new string?[_ids.Length];
        _errorOf = new string?[_ids.Length];
        _count[(int)CellState.Pending] = _ids.Length;
    }

    public SweepRegisteredV1? Sweep { get; private set; }
    public int TotalCells => _ids.Length;
    public int NextPartNumber { get; private set; }
    public IReadOnlySet<string> RecordedPartFiles => _parts.Keys.ToHashSet(StringComparer.Ordinal);
    /// <summary>The recorded parts with the cells the journal says each holds, in part-number order.</summary>
    public IEnumerable<RecordedPartV1> RecordedParts => _parts.Values.OrderBy(p => p.PartNumber);
    public IReadOnlyDictionary<string, int> CellsByWorker => _cellsByWorker;

    /// <summary>The running cell of each live lease that reported one, ordered by worker.</summary>
    public IReadOnlyList<RunningCell> RunningCells => _running.Values.OrderBy(r => r.Worker, StringComparer.Ordinal).ToList();

    public ProgressCounts Counts => new(TotalCells, Count(CellState.Completed), Count(CellState.Failed),
        Count(CellState.Leased), Count(CellState.Committing), _parts.Count);

    public bool IsFinished => TotalCells > 0 && Counts.IsFinished;

    public CellState StateOf(string cellId) => _index.TryGetValue(cellId, out var i) ? _state[i] : CellState.Pending;

    /// <summary>The part file that holds a finished cell, or null.</summary>
    public string? PartOf(string cellId) => _index.TryGetValue(cellId, out var i) ? _partOf[i] : null;

    public int LeaseLossesOf(int unitId) => _losses.GetValueOrDefault(unitId);

    /// <summary>The unit a planned cell belongs to.</summary>
    public int UnitOf(string cellId) => _unitOf[_index[cellId]];

    /// <summary>Failed cells with their error, in cell-id order.</summary>
    public IEnumerable<(string CellId, string Error)> FailedCells =>
        Enumerable.Range(0, _ids.Length).Where(i => _state[i] == CellState.Failed)
            .Select(i => (_ids[i], _errorOf[i]!)).OrderBy(f => f.Item1, StringComparer.Ordinal);

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

    /// <summary>The one place a cell's state changes; keeps the per-state counts and the lease bookkeeping.</summary>
    /// <exception cref="InvalidOperationException">The transition is not legal: a bug in the caller.</exception>
    private void Move(int cell, CellState to)
    {
        var from = _state[cell];
        if (!IsLegal(from, to))
            throw new InvalidOperationException($"cell {_ids[cell]}: illegal transition {from} -> {to}");
        if (from == CellState.Leased) DetachFromLease(cell);
        if (from is CellState.Completed or CellState.Failed)
        {
            _partOf[cell] = null;
            _errorOf[cell] = null;
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

    /// <summary>Leases the next unit's available cells to a worker slot.</summary>
    public LeaseOutcome Lease(string worker, DateTimeOffset now, TimeSpan duration)
    {
        while (_queue.First is { } node)
        {
            int unitId = node.Value;
            _queue.RemoveFirst();
            _queued.Remove(unitId);
            if (IsAbandoned(unitId)) continue;
            var cells = _units[unitId].Where(c => _state[c] == CellState.Pending).ToList();
            if (cells.Count == 0) continue;
            var lease = new WorkLease(_nextLeaseId++, unitId, worker, cells.Select(c => _ids[c]).ToList(), now + duration);
            _leases.Add(lease.LeaseId, lease);
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
        if (!_leases.TryGetValue(leaseId, out var lease)) return false;
        _leases[leaseId] = lease with { Deadline = now + duration };
        return true;
    }

    /// <summary>
    /// A slot's progress report for the cell it runs. Kept only while the lease lives and the cell is still
    /// Leased under it (a late report of an ended lease or a committed cell is dropped); false when dropped.
    /// </summary>
    public bool ReportRunning(long leaseId, RunningCell cell)
    {
        if (!_leases.ContainsKey(leaseId) || !_index.TryGetValue(cell.CellId, out var i)
            || _state[i] != CellState.Leased || _leaseOf[i] != leaseId)
            return false;
        _running[leaseId] = cell;
        return true;
    }

    /// <summary>
    /// Takes a worker's rows: every reported cell that is neither finished nor already being committed moves
    /// to Committing (first result wins, also from an expired lease or a previous coordinator). The lease ends;
    /// its cells without a row (a graceful stop) are pending again. Returns the accepted cells, in order.
    /// </summary>
    public IReadOnlyList<string> AcceptResult(long leaseId, string worker, IReadOnlyList<string> reportedCells)
    {
        var accepted = new List<string>();
        foreach (var id in reportedCells)
        {
            if (!_index.TryGetValue(id, out var cell)) continue;
            if (_state[cell] is not (CellState.Pending or CellState.Leased)) continue;
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
        foreach (var lease in _leases.Values.Where(l => l.Worker == worker).ToList()) EndLease(lease.LeaseId);
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
            if (!_index.TryGetValue(id, out var cell) || _state[cell] != CellState.Committing) continue;
            Move(cell, CellState.Pending);
            Enqueue(_unitOf[cell], front: true);
        }
    }

    /// <summary>
    /// Pending cells of units that lost more leases than allowed. They move to Committing: the caller writes a
    /// failed row for each (so that the dataset holds every planned cell) and records the part as usual.
    /// </summary>
    public IReadOnlyList<string> TakeAbandoned()
    {
        var cells = new List<string>();
        foreach (var (unitId, losses) in _losses.OrderBy(l => l.Key))
        {
            if (losses <= _maxLeaseLosses || !_units.TryGetValue(unitId, out var members)) continue;
            foreach (var cell in members)
            {
                if (_state[cell] != CellState.Pending) continue;
                Move(cell, CellState.Committing);
                cells.Add(_ids[cell]);
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
                Record(new RecordedPartV1(part.PartFile, part.PartNumber, part.Completed, part.Failed));
                break;
            case PartDroppedV1 dropped:
                Drop(dropped.PartFile);
                break;
            case LeaseLostV1 lost:
                _losses[lost.UnitId] = _losses.GetValueOrDefault(lost.UnitId) + 1;
                break;
            case LeaseLossesResetV1 reset:
                foreach (var unit in reset.UnitIds) _losses.Remove(unit);
                foreach (var unit in reset.UnitIds.Where(_units.ContainsKey)) Enqueue(unit, front: false);
                break;
            case ProgressSnapshotV1 snapshot:
                Sweep = snapshot.Sweep;
                foreach (var part in snapshot.Parts) Record(part);
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

    private int Count(CellState state) => _count[(int)state];

    private bool IsAbandoned(int unitId) => _losses.GetValueOrDefault(unitId) > _maxLeaseLosses;

    private void Record(RecordedPartV1 part)
    {
        _parts[part.PartFile] = part;
        NextPartNumber = Math.Max(NextPartNumber, part.PartNumber + 1);
        foreach (var cell in part.Completed) Finish(cell, part.PartFile, null);
        foreach (var failed in part.Failed) Finish(failed.CellId, part.PartFile, failed.Error);
    }

    private void Finish(string id, string part, string? error)
    {
        // Cells outside the plan (an older spec's journal) are ignored; a cell already in another recorded part
        // keeps its first part (first result wins, as for live results).
        if (!_index.TryGetValue(id, out var cell) || _state[cell] is CellState.Completed or CellState.Failed) return;
        Move(cell, error is null ? CellState.Completed : CellState.Failed);
        _partOf[cell] = part;
        _errorOf[cell] = error;
    }

    /// <summary>The part no longer counts (damaged, missing, or replaced by --retry-failed): its cells are pending again.</summary>
    private void Drop(string partFile)
    {
        if (!_parts.Remove(partFile, out var part)) return;
        foreach (var id in part.Completed.Concat(part.Failed.Select(f => f.CellId)))
        {
            if (!_index.TryGetValue(id, out var cell) || _partOf[cell] != partFile) continue;
            Move(cell, CellState.Pending);
            Enqueue(_unitOf[cell], front: false);
        }
    }

    private IReadOnlyList<IProgressEvent> LoseLeases(Func<WorkLease, bool> which, string reason, DateTimeOffset now)
    {
        var lost = _leases.Values.Where(which).ToList();
        foreach (var lease in lost) EndLease(lease.LeaseId);
        return lost.Select(l => (IProgressEvent)new LeaseLostV1(l.UnitId, l.Worker, reason, now)).ToList();
    }

    private void EndLease(long leaseId)
    {
        _running.Remove(leaseId);
        if (!_leases.Remove(leaseId, out var lease)) return;
        bool released = false;
        foreach (var id in lease.CellIds)
        {
            int cell = _index[id];
            if (_state[cell] != CellState.Leased || _leaseOf[cell] != leaseId) continue;
            Move(cell, CellState.Pending);
            released = true;
        }
        if (released) Enqueue(lease.UnitId, front: true);
    }

    /// <summary>A cell leaves its lease (to Pending, Committing or a recorded part): the lease keeps only its other cells.</summary>
    private void DetachFromLease(int cell)
    {
        long leaseId = _leaseOf[cell];
        _leaseOf[cell] = 0;
        if (_running.TryGetValue(leaseId, out var running) && running.CellId == _ids[cell]) _running.Remove(leaseId);
        if (!_leases.TryGetValue(leaseId, out var lease)) return;
        var rest = lease.CellIds.Where(c => c != _ids[cell]).ToList();
        if (rest.Count == 0) _leases.Remove(leaseId);
        else _leases[leaseId] = lease with { CellIds = rest };
    }

    private void Enqueue(int unitId, bool front)
    {
        if (!_queued.Add(unitId)) return;
        if (front) _queue.AddFirst(unitId);
        else _queue.AddLast(unitId);
    }
}
