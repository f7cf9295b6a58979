namespace TwoFactor.Cluster.Progress;

/// <summary>
/// The coordinator's state machine, free of Akka so that it can be tested directly. Two kinds of state:
/// <list type="bullet">
/// <item>durable: which cells are in which recorded part (completed or failed) and how many leases each unit
/// lost. It changes only through <see cref="Apply"/> of journal events, so replaying the journal rebuilds it;</item>
/// <item>transient: leases, the cells being committed by the result sink, the work queue. After a restart
/// they are empty: whatever was in flight is simply pending again (a late result is still accepted once).</item>
/// </list>
/// Decisions (<see cref="Lease"/>, <see cref="AcceptResult"/>, <see cref="ExpireLeases"/>, ...) change only
/// transient state and return the events the caller must persist and then apply.
/// The object is mutable on purpose: copying 10^5 cells per event would dominate the coordinator's time.
/// </summary>
public sealed class SweepProgressState
{
    private readonly Dictionary<int, IReadOnlyList<string>> _units = new();
    private readonly Dictionary<string, int> _unitOfCell = new(StringComparer.Ordinal);
    private readonly int _maxLeaseLosses;

    // durable
    private readonly Dictionary<string, (string Part, string? Error)> _finished = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RecordedPartV1> _parts = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _losses = new();

    // transient
    private readonly Dictionary<long, WorkLease> _leases = new();
    private readonly Dictionary<string, long> _leaseOfCell = new(StringComparer.Ordinal);
    private readonly HashSet<string> _committing = new(StringComparer.Ordinal);
    private readonly LinkedList<int> _queue = new();
    private readonly HashSet<int> _queued = new();
    private readonly Dictionary<string, int> _cellsByWorker = new(StringComparer.Ordinal);
    private readonly Dictionary<long, RunningCell> _running = new();
    private long _nextLeaseId = 1;
    // Kept up to date by Finish: progress is asked for several times a second on sweeps of 10^5 cells.
    private int _completedCount;
    private int _failedCount;

    /// <param name="units">The plan's work units; together they hold every planned cell once.</param>
    /// <param name="maxLeaseLosses">Leases a unit may lose (worker died, deadline passed) before its unfinished
    /// cells are given up and recorded as failed. The "retried 2 times" default.</param>
    public SweepProgressState(IEnumerable<(int UnitId, IReadOnlyList<string> CellIds)> units, int maxLeaseLosses = 2)
    {
        _maxLeaseLosses = maxLeaseLosses;
        foreach (var (unitId, cellIds) in units)
        {
            _units.Add(unitId, cellIds);
            foreach (var cell in cellIds)
                if (!_unitOfCell.TryAdd(cell, unitId))
                    throw new ArgumentException($"cell {cell} appears in more than one work unit", nameof(units));
            _queue.AddLast(unitId);
            _queued.Add(unitId);
        }
    }

    public SweepRegisteredV1? Sweep { get; private set; }
    public int TotalCells => _unitOfCell.Count;
    public int NextPartNumber { get; private set; }
    public IReadOnlySet<string> RecordedPartFiles => _parts.Keys.ToHashSet(StringComparer.Ordinal);
    public IReadOnlyDictionary<string, int> CellsByWorker => _cellsByWorker;

    /// <summary>The running cell of each live lease that reported one, ordered by worker.</summary>
    public IReadOnlyList<RunningCell> RunningCells => _running.Values.OrderBy(r => r.Worker, StringComparer.Ordinal).ToList();
    public IReadOnlyCollection<WorkLease> Leases => _leases.Values;

    public ProgressCounts Counts
    {
        get
        {
            return new ProgressCounts(TotalCells, _completedCount, _failedCount, _leaseOfCell.Count, _committing.Count, _parts.Count);
        }
    }

    public bool IsFinished => TotalCells > 0 && Counts.IsFinished;

    public CellState StateOf(string cellId)
    {
        if (_finished.TryGetValue(cellId, out var f)) return f.Error is null ? CellState.Completed : CellState.Failed;
        if (_committing.Contains(cellId)) return CellState.Committing;
        if (_leaseOfCell.ContainsKey(cellId)) return CellState.Leased;
        return CellState.Pending;
    }

    /// <summary>The part file that holds a finished cell, or null.</summary>
    public string? PartOf(string cellId) => _finished.TryGetValue(cellId, out var f) ? f.Part : null;

    public int LeaseLossesOf(int unitId) => _losses.GetValueOrDefault(unitId);

    /// <summary>Failed cells with their error, in cell-id order.</summary>
    public IEnumerable<(string CellId, string Error)> FailedCells =>
        _finished.Where(f => f.Value.Error is not null).OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (f.Key, f.Value.Error!));

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
            var cells = _units[unitId].Where(c => StateOf(c) == CellState.Pending).ToList();
            if (cells.Count == 0) continue;
            var lease = new WorkLease(_nextLeaseId++, unitId, worker, cells, now + duration);
            _leases.Add(lease.LeaseId, lease);
            foreach (var cell in cells) _leaseOfCell[cell] = lease.LeaseId;
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
    /// Takes a worker's rows: every reported cell that is neither finished nor already being committed moves
    /// to Committing (first result wins, also from an expired lease or a previous coordinator). The lease ends;
    /// its cells without a row (a graceful stop) are pending again. Returns the accepted cells, in order.
    /// </summary>
    public IReadOnlyList<string> AcceptResult(long leaseId, string worker, IReadOnlyList<string> reportedCells)
    {
        var accepted = new List<string>();
        foreach (var cell in reportedCells)
        {
            if (!_unitOfCell.ContainsKey(cell)) continue;
            var state = StateOf(cell);
            if (state is CellState.Completed or CellState.Failed or CellState.Committing) continue;
            if (state == CellState.Leased) UnleaseCell(cell);
            _committing.Add(cell);
            accepted.Add(cell);
        }
        _cellsByWorker[worker] = _cellsByWorker.GetValueOrDefault(worker) + accepted.Count;
        EndLease(leaseId);
        return accepted;
    }

    /// <summary>
    /// A slot's progress report for the cell it runs. Kept only while the lease lives and still holds the cell
    /// (a late report of an ended lease or a committed cell is dropped); false when dropped.
    /// </summary>
    public bool ReportRunning(long leaseId, RunningCell cell)
    {
        if (!_leases.TryGetValue(leaseId, out var lease) || !_leaseOfCell.TryGetValue(cell.CellId, out var holder) || holder != leaseId)
            return false;
        _running[lease.LeaseId] = cell;
        return true;
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
        foreach (var cell in cellIds)
            if (_committing.Remove(cell)) Enqueue(_unitOfCell[cell], front: true);
    }

    /// <summary>
    /// Pending cells of units that lost more leases than allowed. They move to Committing: the caller writes a
    /// failed row for each (so that the dataset holds every planned cell) and records the part as usual.
    /// </summary>
    public IReadOnlyList<string> TakeAbandoned()
    {
        var cells = new List<string>();
        foreach (var (unitId, losses) in _losses)
        {
            if (losses <= _maxLeaseLosses || !_units.TryGetValue(unitId, out var unitCells)) continue;
            foreach (var cell in unitCells)
                if (StateOf(cell) == CellState.Pending) { _committing.Add(cell); cells.Add(cell); }
        }
        return cells;
    }

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
            case LeaseLostV1 lost:
                _losses[lost.UnitId] = _losses.GetValueOrDefault(lost.UnitId) + 1;
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
        _parts.Values.OrderBy(p => p.PartNumber).ToList(),
        _losses.OrderBy(l => l.Key).Select(l => new UnitLossesV1(l.Key, l.Value)).ToList());

    // ---------------------------------------------------------------- internals

    private bool IsAbandoned(int unitId) => _losses.GetValueOrDefault(unitId) > _maxLeaseLosses;

    private void Record(RecordedPartV1 part)
    {
        _parts[part.PartFile] = part;
        NextPartNumber = Math.Max(NextPartNumber, part.PartNumber + 1);
        foreach (var cell in part.Completed) Finish(cell, part.PartFile, null);
        foreach (var failed in part.Failed) Finish(failed.CellId, part.PartFile, failed.Error);
    }

    private void Finish(string cell, string part, string? error)
    {
        if (_unitOfCell.ContainsKey(cell))
        {
            if (_finished.TryGetValue(cell, out var before))
            {
                if (before.Error is null) _completedCount--;
                else _failedCount--;
            }
            if (error is null) _completedCount++;
            else _failedCount++;
        }
        _finished[cell] = (part, error);
        _committing.Remove(cell);
        if (_leaseOfCell.ContainsKey(cell)) UnleaseCell(cell);
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
        foreach (var cell in lease.CellIds)
            if (_leaseOfCell.TryGetValue(cell, out var holder) && holder == leaseId)
            {
                _leaseOfCell.Remove(cell);
                released = true;
            }
        if (released) Enqueue(lease.UnitId, front: true);
    }

    private void UnleaseCell(string cell)
    {
        var leaseId = _leaseOfCell[cell];
        _leaseOfCell.Remove(cell);
        if (_running.TryGetValue(leaseId, out var running) && running.CellId == cell) _running.Remove(leaseId);
        if (_leases.TryGetValue(leaseId, out var lease))
        {
            var rest = lease.CellIds.Where(c => c != cell).ToList();
            if (rest.Count == 0) _leases.Remove(leaseId);
            else _leases[leaseId] = lease with { CellIds = rest };
        }
    }

    private void Enqueue(int unitId, bool front)
    {
        if (!_queued.Add(unitId)) return;
        if (front) _queue.AddFirst(unitId);
        else _queue.AddLast(unitId);
    }
}
