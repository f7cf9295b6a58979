using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Pattern;
using Akka.Persistence;
using TwoFactor.Cluster.Messages;
using TwoFactor.Cluster.Progress;
using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Actors;

/// <summary>
/// The persistent face of <see cref="SweepProgressState"/>: leases units to worker slots, forwards accepted
/// rows to its <see cref="ResultSink"/> child and journals "these cells are in part P" only after the sink
/// committed P. On start it removes parts the journal does not know (written just before a crash), so those
/// cells are computed again and the dataset holds every cell exactly once. Runs as a cluster singleton in
/// multi-node mode and as a plain actor in `twofactor run`, in both under a backoff supervisor: when the
/// journal fails (a database restart) the coordinator stops, is started again after a growing pause and
/// recovers from the journal, while the slots keep talking to the same supervisor address.
/// Three phases, each a behaviour (Become): <see cref="Starting"/> (recovery and the start events: no leases yet,
/// results accepted), <see cref="Ready"/> (leasing) and <see cref="Draining"/> (a drain request or a fatal error:
/// no new leases, in-flight results still recorded). The decisions live in <see cref="SweepProgressState"/>;
/// files are touched through <see cref="ResultStore"/> at start and through the <see cref="ResultSink"/> after.
/// </summary>
public sealed class SweepCoordinator : ReceivePersistentActor, IWithTimers
{
    public static string PersistenceIdOf(string sweepId) => $"sweep-{sweepId}";

    /// <summary>The coordinator under its backoff supervisor (what `run`, `coordinator` and the singleton start).</summary>
    public static Props Props(SweepPlan plan, IReadOnlyList<WorkUnit> units, CoordinatorSettings settings) =>
        BackoffSupervisor.Props(Backoff.OnStop(Unsupervised(plan, units, settings), "coordinator",
                TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3), 0.2, maxNrOfRetries: -1)
            .WithAutoReset(TimeSpan.FromSeconds(10)));

    public static Props Unsupervised(SweepPlan plan, IReadOnlyList<WorkUnit> units, CoordinatorSettings settings) =>
        Akka.Actor.Props.Create(() => new SweepCoordinator(plan, units, settings));

    private enum Phase { Starting, Ready, Draining }

    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }

    private readonly SweepPlan _plan;
    private readonly CoordinatorSettings _settings;
    private readonly SweepProgressState _state;
    private readonly ResultStore _store;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<IActorRef> _drainWaiters = [];
    private readonly Dictionary<IActorRef, string> _watchedSlots = new();
    private IActorRef _sink = ActorRefs.Nobody;
    // A fact for progress reports (the start events are durable), not a phase: Draining may follow either way.
    private bool _started;
    private Phase _phase = Phase.Starting;
    private readonly SnapshotSchedule _snapshots;
    private int _recordedThisRun;
    private int _writeFailuresInARow;

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId { get; }

    public SweepCoordinator(SweepPlan plan, IReadOnlyList<WorkUnit> units, CoordinatorSettings settings)
    {
        _plan = plan;
        _settings = settings;
        _state = new SweepProgressState(plan, units, settings.MaxLeaseLosses);
        _snapshots = new SnapshotSchedule(settings.SnapshotEvery);
        _store = new ResultStore(settings.ResultsRoot, plan.SweepId);
        PersistenceId = PersistenceIdOf(plan.SweepId);

        Recover<SnapshotOffer>(offer => _state.Apply((IProgressEvent)offer.Snapshot));
        Recover<IProgressEvent>(e => _state.Apply(e));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Starting();
    }

    /// <summary>Recovery and the start events: slots are told to wait; results from a previous incarnation's leases are accepted.</summary>
    private void Starting()
    {
        Command<RequestWork>(request =>
        {
            if (Compatible(request)) Sender.Tell(new NoWorkYet(_plan.SweepId));
        });
        Command<Drain>(OnDrain);
        Common();
    }

    /// <summary>Leasing: every request gets work, a wait, or the end of the sweep.</summary>
    private void Ready()
    {
        Command<RequestWork>(OnRequestWork);
        Command<Drain>(OnDrain);
        Common();
    }

    /// <summary>No new leases (a drain, or an error that retrying cannot heal); leases in flight finish and are recorded.</summary>
    private void Draining()
    {
        Command<RequestWork>(request =>
        {
            if (!Compatible(request)) return;
            Sender.Tell(_started && _state.IsFinished ? new SweepFinished(_plan.SweepId) : new NoWorkYet(_plan.SweepId));
        });
        Command<Drain>(_ =>
        {
            _drainWaiters.Add(Sender);
            CheckDrained();
        });
        Common();
    }

    private void OnDrain(Drain _)
    {
        _drainWaiters.Add(Sender);
        _sink.Tell(new FlushRows());
        Enter(Phase.Draining);
        CheckDrained();
    }

    /// <summary>The one place the phase changes: its behaviour, and the phase for the start callback to check.</summary>
    private void Enter(Phase phase)
    {
        _phase = phase;
        Become(phase switch { Phase.Ready => Ready, Phase.Draining => Draining, _ => Starting });
    }

    /// <summary>What every phase handles the same way: results, leases' lifecycle, commits, cluster events, snapshots.</summary>
    private void Common()
    {
        Command<RenewLease>(m => _state.Renew(m.LeaseId, DateTimeOffset.UtcNow, _settings.LeaseDuration));
        Command<CellProgressReport>(m => _state.ReportRunning(m.LeaseId, m.Cell));
        Command<UnitResult>(OnUnitResult);
        Command<ReleaseLease>(m => { _state.Release(m.LeaseId); CheckDrained(); });
        Command<PartCommitted>(OnPartCommitted);
        Command<PartWriteFailed>(m =>
        {
            _log.Error("writing a part failed, its {0} cells go back to the queue: {1}", m.CellIds.Count, m.Reason);
            _state.CommitFailed(m.CellIds);
            // A full disk or a read-only folder does not heal by retrying forever: stop leasing and report.
            if (++_writeFailuresInARow >= 3)
                Fatal($"cannot write results to {_store.Directory}: {m.Reason}; " +
                      "free space (or fix the folder), then run the same command again (nothing recorded is lost)");
            CheckDrained();
        });
        Command<Tick>(_ => PersistLosses(_state.ExpireLeases(DateTimeOffset.UtcNow)));
        Command<ClusterEvent.MemberRemoved>(m => LoseLeasesOfNode(m.Member.Address, "node removed from the cluster"));
        Command<ClusterEvent.UnreachableMember>(m => LoseLeasesOfNode(m.Member.Address, "node unreachable"));
        Command<ClusterEvent.IMemberEvent>(_ => { });
        Command<ClusterEvent.CurrentClusterState>(_ => { });
        Command<Terminated>(t =>
        {
            if (!_watchedSlots.Remove(t.ActorRef, out var worker)) return;
            _state.ReleaseLeasesOf(worker);
            CheckDrained();
        });
        Command<GetProgress>(_ => Sender.Tell(Report()));
        // Only the newest snapshot is ever read: drop the older ones (each holds every recorded cell).
        Command<SaveSnapshotSuccess>(m => DeleteSnapshots(new SnapshotSelectionCriteria(m.Metadata.SequenceNr - 1)));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(m => _log.Warning("old snapshots not deleted: {0}", m.Cause.Message));
        Command<SaveSnapshotFailure>(m => _log.Warning("snapshot not saved (recovery just replays more events): {0}", m.Cause.Message));
    }

    /// <summary>A slot of another protocol version is refused (and never lent work); false then.</summary>
    private bool Compatible(RequestWork request)
    {
        if (request.ProtocolVersion == _settings.ProtocolVersion) return true;
        Sender.Tell(new IncompatibleProtocol(_settings.ProtocolVersion, request.ProtocolVersion));
        return false;
    }

    protected override void PreStart()
    {
        base.PreStart();
        if (Context.System.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal))
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.MemberRemoved), typeof(ClusterEvent.UnreachableMember));
    }

    protected override void PostStop()
    {
        if (Context.System.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal))
            Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        base.PostStop();
    }

    private void OnRecovered()
    {
        _snapshots.Recovered(RecordedCells);
        var now = DateTimeOffset.UtcNow;
        if (_settings.Session.JournalHealthy(now) is { } outage)
            Notice($"the journal is reachable again after {outage.TotalSeconds:F0} s; the sweep goes on");
        List<IProgressEvent> start;
        var retired = new HashSet<string>(StringComparer.Ordinal);
        int firstPartNumber;
        try
        {
            // Parts are only ever written after the registration is persisted: parts next to an unregistered
            // journal mean the journal was lost. Removing them as orphans would throw the whole sweep away.
            if (_state.Sweep is null && _store.CommittedParts().Count > 0)
            {
                Fatal($"{_store.Directory} holds {_store.CommittedParts().Count} part(s) but {_settings.JournalDescription} does not know this sweep " +
                      "(journal lost?): run `twofactor repair` with the same sweep file and --results to rebuild the journal from them, " +
                      "or delete the parts to start over");
                return;
            }
            start = [.. _state.Register(_plan.SweepId, _plan.Name, _plan.Protocol, now)];
            // Parts on disk that the journal does not name were committed after the last recorded event (crash
            // between rename and persist): their cells are pending in the state, so the files must go.
            int orphans = _store.RemoveOrphans(_state.RecordedPartFiles);
            if (orphans > 0) _log.Info("removed {0} part file(s) not recorded in the journal; their cells run again", orphans);
            var dropped = DropDamagedParts(now);
            start.AddRange(dropped);
            firstPartNumber = _state.NextPartNumber;
            if (_settings.RetryFailed && _settings.Session.RetryPending)
                start.AddRange(RetryFailed(dropped.Select(d => d.PartFile).ToHashSet(StringComparer.Ordinal), retired, ref firstPartNumber, now));
            _store.WriteSpecSnapshot(_plan.CanonicalYaml);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Another sweep's journal, an unwritable results folder: nothing to retry.
            Fatal($"cannot start the sweep in {_store.Directory}: {e.Message}");
            return;
        }

        // Created now (not after the start events are persisted) so that a late result is never dropped;
        // numbered after every part the start events record.
        _sink = Context.ActorOf(ResultSink.Props(_store, ProtocolCatalog.Get(_plan.Protocol), firstPartNumber,
            _settings.PartRows, _settings.PartFlushInterval), "sink");
        Timers.StartPeriodicTimer("tick", Tick.Instance, _settings.TickInterval);
        if (start.Count > 0)
            PersistAll(start, e =>
            {
                Applied(e);
                // A replaced part's file goes only once its drop is durable; a crash before leaves it an orphan.
                if (e is PartDroppedV1 d && retired.Contains(d.PartFile)) _store.DeletePart(d.PartFile);
            });
        DeferAsync(0, _ =>
        {
            // Every start event is durable now (a failed persist stops this incarnation before it gets here).
            if (_settings.RetryFailed) _settings.Session.RetryRecorded();
            _started = true;
            if (_phase == Phase.Starting) Enter(Phase.Ready); // a drain or a fatal error during the start wins
            WriteAbandoned();
        });
    }

    /// <summary>Recorded parts whose file is missing, truncated or holds other cells: set aside, their cells computed again.</summary>
    private List<PartDroppedV1> DropDamagedParts(DateTimeOffset now)
    {
        var dropped = new List<PartDroppedV1>();
        foreach (var part in _state.RecordedParts.ToList())
        {
            var cells = part.Completed.Concat(part.Failed.Select(f => f.CellId)).ToList();
            var problem = _store.CheckPart(part.PartFile, cells);
            if (problem is null) continue;
            string kept = problem == "missing" ? "" : $"; the file is kept as {_store.SetAside(part.PartFile)}";
            Notice($"results: {part.PartFile} is {problem}: its {cells.Count} cell(s) are computed again{kept}");
            dropped.Add(new PartDroppedV1(part.PartFile, problem, now));
        }
        return dropped;
    }

    /// <summary>
    /// `--retry-failed`: each part holding failed cells is replaced by a copy of its completed rows (if any),
    /// dropped before the copy is recorded (a crash in between recomputes, never doubles); the failed cells
    /// are pending again with a fresh lost-lease budget.
    /// </summary>
    private List<IProgressEvent> RetryFailed(IReadOnlySet<string> alreadyDropped, HashSet<string> retired, ref int nextPart, DateTimeOffset now)
    {
        var events = new List<IProgressEvent>();
        var units = new SortedSet<int>();
        int failed = 0;
        var protocol = ProtocolCatalog.Get(_plan.Protocol);
        foreach (var part in _state.PartsWithFailedCells().Where(p => !alreadyDropped.Contains(p.PartFile)))
        {
            events.Add(new PartDroppedV1(part.PartFile, "its failed cells are retried (--retry-failed)", now));
            retired.Add(part.PartFile);
            if (part.Completed.Count > 0)
            {
                var copy = _store.CopyPart(part.PartFile, part.Completed.ToHashSet(StringComparer.Ordinal), nextPart, protocol);
                events.Add(new PartRecordedV1(copy.FileName, nextPart, part.Completed, [], now));
                nextPart++;
            }
            foreach (var cell in part.Failed)
            {
                failed++;
                units.Add(_state.UnitOf(cell.CellId));
            }
        }
        if (units.Count > 0) events.Add(new LeaseLossesResetV1(units.ToList(), now));
        Notice(failed == 0 ? "--retry-failed: no failed cells to retry" : $"--retry-failed: {failed} failed cell(s) are computed again");
        return events;
    }

    private void Notice(string line)
    {
        // Info, not Warning: the user sees the line through OnNotice; the log keeps it for the record.
        _log.Info(line);
        _settings.OnNotice?.Invoke(line);
    }

    private void Fatal(string line)
    {
        Enter(Phase.Draining);
        _settings.OnFatal?.Invoke(line);
    }

    private void OnRequestWork(RequestWork request)
    {
        if (!Compatible(request)) return;
        switch (_state.Lease(request.Worker, DateTimeOffset.UtcNow, _settings.LeaseDuration))
        {
            case LeaseOutcome.Granted granted:
                var lease = granted.Lease;
                // A slot that stops with a lease in flight to it (Ctrl-C race) must not pin the lease until its deadline.
                if (_watchedSlots.TryAdd(Sender, request.Worker)) Context.Watch(Sender);
                Sender.Tell(new WorkLeased(_plan.SweepId, lease.LeaseId, lease.UnitId,
                    lease.Cells.Select(_plan.CellAt).ToArray(), _settings.LeaseDuration, _settings.ProtocolVersion));
                break;
            case LeaseOutcome.Finished:
                Sender.Tell(new SweepFinished(_plan.SweepId));
                break;
            default:
                Sender.Tell(new NoWorkYet(_plan.SweepId));
                break;
        }
    }

    private void OnUnitResult(UnitResult result)
    {
        var rowsByCell = new Dictionary<string, ResultRow>(StringComparer.Ordinal);
        foreach (var row in result.Rows) rowsByCell.TryAdd(row.CellId, row);
        var accepted = _state.AcceptResult(result.LeaseId, result.Worker, rowsByCell.Keys.ToList());
        if (accepted.Count > 0)
            _sink.Tell(new WriteRows(accepted.Select(c => rowsByCell[c] with { SweepId = _plan.SweepId, SweepName = _plan.Name }).ToList()));
        if (accepted.Count < rowsByCell.Count)
            _log.Debug("{0} row(s) of lease {1} were already recorded elsewhere and are dropped", rowsByCell.Count - accepted.Count, result.LeaseId);
        // Nothing left to lease or running: the sweep's last rows need not wait for the sink's flush timer.
        if (accepted.Count > 0 && _state.Counts is { Leased: 0, Pending: 0 }) _sink.Tell(new FlushRows());
        CheckDrained();
    }

    private void OnPartCommitted(PartCommitted part)
    {
        var recorded = new PartRecordedV1(part.PartFile, part.PartNumber, part.Completed, part.Failed, DateTimeOffset.UtcNow);
        _writeFailuresInARow = 0;
        Persist(recorded, e =>
        {
            Applied(e);
            _recordedThisRun += part.Completed.Count + part.Failed.Count;
            if (_state.IsFinished) WriteSummary();
            CheckDrained();
        });
    }

    private void LoseLeasesOfNode(Address address, string reason)
    {
        string prefix = address + "/";
        PersistLosses(_state.LoseLeasesOf(w => w.StartsWith(prefix, StringComparison.Ordinal), $"{reason} ({address})", DateTimeOffset.UtcNow));
    }

    private void PersistLosses(IReadOnlyList<IProgressEvent> losses)
    {
        if (losses.Count == 0) return;
        foreach (var loss in losses.OfType<LeaseLostV1>())
            _log.Warning("lease of unit {0} on {1} lost: {2}", loss.UnitId, loss.Worker, loss.Reason);
        PersistAll(losses, Applied);
        DeferAsync(0, _ =>
        {
            WriteAbandoned();
            CheckDrained();
        });
    }

    /// <summary>Units that lost too many leases: their cells get a failed row each, recorded like any other.</summary>
    private void WriteAbandoned()
    {
        var abandoned = _state.TakeAbandoned();
        if (abandoned.Count == 0) return;
        var now = DateTimeOffset.UtcNow;
        var error = $"gave up after {_settings.MaxLeaseLosses + 1} lost leases (the worker died or timed out on this unit)";
        _sink.Tell(new WriteRows(abandoned.Select(c => FailedRow.For(_plan.SweepId, _plan.CellAt(c), error, now)).ToList()));
    }

    /// <summary>results/&lt;sweep_id&gt;/summary.txt, written by the sink (the coordinator does no file I/O once started).</summary>
    private void WriteSummary() => _sink.Tell(new WriteSummary(SweepSummary.Lines(_state.Sweep!, _state, DateTimeOffset.UtcNow)));

    private void Applied(IProgressEvent e)
    {
        _state.Apply(e);
        if (_snapshots.AfterEvent(RecordedCells)) SaveSnapshot(_state.Snapshot());
    }

    /// <summary>Cells the journal holds a row of (completed or failed): what a snapshot names.</summary>
    private long RecordedCells
    {
        get
        {
            var counts = _state.Counts;
            return counts.Completed + counts.Failed;
        }
    }

    private void CheckDrained()
    {
        if (_drainWaiters.Count == 0) return;
        var counts = _state.Counts;
        if (counts.Leased > 0 || counts.Committing > 0) return;
        var report = Report();
        foreach (var waiter in _drainWaiters) waiter.Tell(new Drained(report));
        _drainWaiters.Clear();
    }

    private ProgressReport Report()
    {
        var c = _state.Counts;
        return new ProgressReport(_plan.SweepId, _plan.Name, c.Total, c.Completed, c.Failed, c.Leased, c.Committing, c.Parts,
            _recordedThisRun, new Dictionary<string, int>(_state.CellsByWorker), c.IsFinished, _started)
        {
            Running = _state.RunningCells.ToArray(),
        };
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        JournalFailed(reason, "read");
        base.OnRecoveryFailure(reason, message);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        JournalFailed(cause, "write");
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>
    /// The actor stops after this (Akka's rule for a failed persist or recovery); its supervisor starts it again
    /// with backoff and it recovers from the journal. Errors that waiting cannot heal, and an outage longer than
    /// the limit, end the run with one line instead.
    /// </summary>
    private void JournalFailed(Exception cause, string what)
    {
        var now = DateTimeOffset.UtcNow;
        var failingFor = _settings.Session.JournalFailed(now);
        var described = JournalFaults.Describe(cause, _settings.JournalDescription);
        if (JournalFaults.IsPermanent(cause))
            Fatal($"cannot {what} the sweep journal: {described}");
        else if (failingFor >= _settings.JournalOutageLimit)
            Fatal($"the sweep journal has been unreachable for {failingFor.TotalSeconds:F0} s ({described}): stopped; " +
                  "nothing recorded is lost, run the same command again when it is back");
        else if (failingFor == TimeSpan.Zero)
            Notice($"cannot {what} the sweep journal ({described}); retrying for up to {_settings.JournalOutageLimit.TotalSeconds:F0} s");
    }
}
