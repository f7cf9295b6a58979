using Akka.Actor;
using Akka.Event;
using TwoFactor.Cluster.Messages;
using TwoFactor.Engines;
using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Actors;

/// <summary>Published on the event stream when a slot stops because the coordinator speaks another protocol version.</summary>
public sealed record SlotRefusedCoordinator(string Reason);

/// <summary>Tells a slot to stop: the cell it is running is cancelled, finished cells are reported, the rest released.</summary>
public sealed record StopSlot
{
    public static StopSlot Instance { get; } = new();
}

/// <summary>Published on the event stream when a slot learns that the sweep is finished.</summary>
public sealed record SlotSawSweepFinished(string SweepId);

/// <summary>
/// One unit of compute (a CPU share or a GPU) that pulls work: ask, run the leased cells off the actor thread,
/// heartbeat while running, report the rows, ask again. It sends everything through <c>coordinator</c>, which
/// is a ClusterSingletonProxy in multi-node mode, so after the singleton moved the next request simply
/// reaches the new coordinator (a result of an old lease is still accepted once there).
/// </summary>
public sealed class WorkerSlot : ReceiveActor, IWithTimers
{
    public static Props Props(IActorRef coordinator, string name, SlotSettings settings) =>
        Akka.Actor.Props.Create(() => new WorkerSlot(coordinator, name, settings));

    private sealed record Ask
    {
        public static Ask Instance { get; } = new();
    }

    private sealed record Heartbeat(long LeaseId);

    private sealed record LeaseDone(long LeaseId, IReadOnlyList<ResultRow> Rows);

    private sealed record SendProgress(long LeaseId);

    private readonly IActorRef _coordinator;
    private readonly string _name;
    private readonly SlotSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IProtocol? _protocol;
    private CancellationTokenSource? _running;
    private Task? _runningTask;
    private bool _stopping;

    /// <summary>
    /// The slot's engines, reused cell after cell and disposed when the slot stops (recall dynamics on a device
    /// hold buffers there).
    /// </summary>
    public EngineSet Engines { get; } = new();

    public ITimerScheduler Timers { get; set; } = null!;

    public WorkerSlot(IActorRef coordinator, string name, SlotSettings settings)
    {
        _coordinator = coordinator;
        _name = name;
        _settings = settings;
        Idle();
    }

    protected override void PreStart() => Self.Tell(Ask.Instance);

    protected override void PostStop()
    {
        _running?.Cancel();
        // A cell still running off the actor thread keeps using the engines: dispose them once it has ended.
        if (_runningTask is { IsCompleted: false } task) task.ContinueWith(_ => Engines.Dispose(), TaskScheduler.Default);
        else Engines.Dispose();
    }

    private void Idle()
    {
        Receive<Ask>(_ =>
        {
            if (_stopping) return;
            _coordinator.Tell(new RequestWork(_name, _settings.ProtocolVersion));
            // No answer (coordinator moving, network hiccup): ask again rather than wait forever.
            Timers.StartSingleTimer("ask", Ask.Instance, TimeSpan.FromSeconds(5));
        });
        Receive<NoWorkYet>(_ => Timers.StartSingleTimer("ask", Ask.Instance, _settings.Poll));
        Receive<SweepFinished>(m =>
        {
            Context.System.EventStream.Publish(new SlotSawSweepFinished(m.SweepId));
            Timers.StartSingleTimer("ask", Ask.Instance, TimeSpan.FromSeconds(2));
        });
        Receive<WorkLeased>(lease =>
        {
            if (lease.ProtocolVersion == _settings.ProtocolVersion) Start(lease);
            else Refuse(new IncompatibleProtocol(lease.ProtocolVersion, _settings.ProtocolVersion));
        });
        Receive<IncompatibleProtocol>(Refuse);
        Receive<StopSlot>(_ =>
        {
            _stopping = true;
            Context.Stop(Self);
        });
    }

    /// <summary>Cells from a coordinator of another version would be misread: stop, and say why.</summary>
    private void Refuse(IncompatibleProtocol mismatch)
    {
        _log.Error("slot {0}: {1}", _name, mismatch.Describe());
        Context.System.EventStream.Publish(new SlotRefusedCoordinator(mismatch.Describe()));
        _stopping = true;
        Context.Stop(Self);
    }

    private void Start(WorkLeased lease)
    {
        Timers.Cancel("ask");
        var cts = _running = new CancellationTokenSource();
        var heartbeat = TimeSpan.FromTicks(Math.Max(lease.LeaseDuration.Ticks / 3, TimeSpan.FromMilliseconds(100).Ticks));
        Timers.StartPeriodicTimer("heartbeat", new Heartbeat(lease.LeaseId), heartbeat);
        Timers.StartPeriodicTimer("progress", new SendProgress(lease.LeaseId), _settings.ProgressInterval);
        var tracker = new RunningCellTracker(_name);
        var task = Task.Run(() => new LeaseDone(lease.LeaseId, RunCells(lease, tracker, cts.Token)));
        _runningTask = task;
        task.PipeTo(Self);
        Become(() => Busy(lease, tracker));
    }

    private void Busy(WorkLeased lease, RunningCellTracker tracker)
    {
        Receive<Heartbeat>(h => _coordinator.Tell(new RenewLease(h.LeaseId)));
        Receive<SendProgress>(p =>
        {
            if (tracker.TakeIfChanged() is { } running) _coordinator.Tell(new CellProgressReport(p.LeaseId, running));
        });
        Receive<LeaseDone>(done =>
        {
            Timers.Cancel("heartbeat");
            Timers.Cancel("progress");
            _running = null;
            if (done.Rows.Count > 0) _coordinator.Tell(new UnitResult(done.LeaseId, _name, done.Rows.ToArray()));
            else _coordinator.Tell(new ReleaseLease(done.LeaseId));
            if (_stopping)
            {
                Context.Stop(Self);
                return;
            }
            Become(Idle);
            Self.Tell(Ask.Instance);
        });
        Receive<Status.Failure>(f =>
        {
            // RunCells catches per cell; this is a bug in the slot itself: give the lease back and carry on.
            _log.Error(f.Cause, "slot {0} failed on lease {1}", _name, lease.LeaseId);
            Timers.Cancel("heartbeat");
            Timers.Cancel("progress");
            _coordinator.Tell(new ReleaseLease(lease.LeaseId));
            Become(Idle);
            Timers.StartSingleTimer("ask", Ask.Instance, _settings.Poll);
        });
        Receive<StopSlot>(_ =>
        {
            _stopping = true;
            _running?.Cancel();
        });
        Receive<NoWorkYet>(_ => { });
        Receive<SweepFinished>(_ => { });
        Receive<WorkLeased>(extra => _coordinator.Tell(new ReleaseLease(extra.LeaseId)));
        Receive<Ask>(_ => { });
    }

    /// <summary>Runs the leased cells in order; stops early (keeping finished rows) when cancelled.</summary>
    private IReadOnlyList<ResultRow> RunCells(WorkLeased lease, RunningCellTracker tracker, CancellationToken ct)
    {
        var rows = new List<ResultRow>(lease.Cells.Length);
        var startedAt = DateTimeOffset.UtcNow;
        IProtocol protocol;
        try
        {
            protocol = ProtocolOf(lease);
        }
        catch (ArgumentException e)
        {
            // A coordinator that plans a protocol this build does not know: every cell fails the same way.
            return lease.Cells.Select(c => FailedRow.For(lease.SweepId, c, e.Message, startedAt)).ToList();
        }
        var options = new ExecutionOptions(_settings.Engine, _settings.Threads, Engines) { Progress = tracker };
        foreach (var cell in lease.Cells)
        {
            if (ct.IsCancellationRequested) break;
            tracker.Start(cell.CellId);
            var row = RunOnce(lease.SweepId, protocol, cell, options, ct);
            // A row produced while cancelling may be the cancellation itself dressed as a failure: release the cell instead.
            if (row is null || ct.IsCancellationRequested) break;
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// The sweep's protocol, looked up once and kept while leases come from the same sweep (a sweep has one
    /// protocol: the planner checks it), not once per cell or per lease.
    /// </summary>
    private IProtocol ProtocolOf(WorkLeased lease)
    {
        string name = lease.Cells.Length > 0 ? lease.Cells[0].Protocol : "";
        if (_protocol?.Name != name) _protocol = ProtocolCatalog.Get(name);
        return _protocol;
    }

    /// <summary>One attempt: the cell's row, a failed row for an error of the cell itself, or null when cancelled.</summary>
    private ResultRow? RunOnce(string sweepId, IProtocol protocol, Cell cell, ExecutionOptions options, CancellationToken ct)
    {
        var startedAt = DateTimeOffset.UtcNow;
        ResultRow row;
        try
        {
            row = protocol.Execute(cell, options, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e)
        {
            // The protocol turns model errors into failed rows; anything that still escapes (out of memory
            // included) is recorded the same way: deterministic, so not retried.
            row = FailedRow.For(sweepId, cell, $"{e.GetType().Name}: {e.Message}", startedAt, options.Engine, protocol: protocol);
        }
        if (row.IsFailed)
            _log.Warning("cell {0} failed (an error of the cell itself: recorded, not retried): {1}", cell.CellId, row.ErrorMessage);
        return row;
    }
}
