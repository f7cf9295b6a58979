using Akka.Actor;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Logging;
using TwoFactor.Cluster.Messages;
using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Hosting;

/// <summary>
/// What `run` and `coordinator` have in common, validated on construction: where the results go, the journal
/// (a PostgreSQL connection string or a .db path; null: results/&lt;sweep_id&gt;/journal.db), the log, the local
/// worker slots, and for `coordinator` the node's network identity.
/// </summary>
/// <param name="ResultsRoot">Results root; the sweep writes into &lt;root&gt;/&lt;sweep_id&gt;/.</param>
/// <param name="Slots">Local worker slots (`run` needs at least one; a coordinator may have none).</param>
/// <exception cref="ArgumentException">A bad value; the message names the setting.</exception>
public sealed record SweepHostOptions(string ResultsRoot, int Slots, SlotSettings Slot)
{
    public string ResultsRoot
    {
        get;
        init => field = string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("--results: must not be empty") : value;
    } = string.IsNullOrWhiteSpace(ResultsRoot) ? throw new ArgumentException("--results: must not be empty") : ResultsRoot;

    public int Slots { get; init => field = value >= 0 ? value : throw new ArgumentException($"--workers: must be >= 0 (got {value})"); } =
        Slots >= 0 ? Slots : throw new ArgumentException($"--workers: must be >= 0 (got {Slots})");

    /// <summary>Journal override: a PostgreSQL connection string or a SQLite path; null: results/&lt;sweep_id&gt;/journal.db.</summary>
    public string? Journal { get; init; }

    /// <summary>Akka's log; without a file it goes to results/&lt;sweep_id&gt;/twofactor.log.</summary>
    public LogSettings Log { get; init; } = new();

    /// <summary>`--retry-failed`: failed cells are computed again and their old rows replaced.</summary>
    public bool RetryFailed { get; init; }

    /// <summary>Where one-line notices go (a damaged part recomputed, a journal outage); default: stderr.</summary>
    public Action<string>? Notice { get; init; }

    /// <summary>Null: everything in this process, no networking (`run`). Set: a cluster node that workers join (`coordinator`).</summary>
    public ClusterOptions? Cluster { get; init; }
}

/// <summary>What the host started, for the command's first line.</summary>
/// <param name="Node">The node's cluster address; null for an in-process run.</param>
public sealed record SweepHostStarted(string? Node, string Journal, string ResultsDirectory);

/// <summary>
/// Runs one sweep to its end for `run` (coordinator, result sink and slots in this process) and `coordinator`
/// (the same as a cluster node: the coordinator as a singleton, workers join), the same way: the journal target,
/// one owner per sweep, the journal checked before anything is written, the coordinator's settings with a
/// fatal-error channel, progress, and on <c>stop</c> (SIGINT/SIGTERM, <see cref="StopSignals"/>) a drain that
/// leaves the journal and the parts in agreement, so that a rerun resumes with nothing lost or computed twice.
/// </summary>
public static class SweepHost
{
    /// <summary>How long a finished coordinator stays so that its workers learn the sweep is finished before it leaves.</summary>
    public static readonly TimeSpan FinishedGrace = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Starts the sweep (ownership, journal check, actor system, coordinator, slots) and returns it running; the
    /// caller says what started (<see cref="RunningSweep.Started"/>), then drives it with <see cref="RunningSweep.RunAsync"/>.
    /// </summary>
    /// <exception cref="SweepStartException">Another process owns the sweep, the journal is unreachable, the node cannot start or join.</exception>
    /// <exception cref="ArgumentException">A bad setting (e.g. TWOFACTOR_JOURNAL_OUTAGE), before anything is written.</exception>
    public static async Task<RunningSweep> StartAsync(PlannedSweep sweep, SweepHostOptions options)
    {
        var plan = sweep.Plan;
        var directory = Path.Combine(options.ResultsRoot, plan.SweepId);
        var journal = JournalTarget.For(options.Journal, options.ResultsRoot, plan.SweepId);
        var log = options.Log.WithDefaultFile(Path.Combine(directory, LogSettings.FileName));
        var fatal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var settings = new CoordinatorSettings
        {
            ResultsRoot = options.ResultsRoot,
            OnFatal = r => fatal.TrySetResult(r),
            OnNotice = options.Notice ?? (line => Console.Error.WriteLine($"note: {line}")),
            RetryFailed = options.RetryFailed,
            JournalDescription = journal.Describe(),
        };
        var coordinatorProps = SweepCoordinator.Props(plan, sweep.Units, settings);

        // One coordinator per sweep: a second `run` or a coordinator that forms its own cluster refuses here,
        // naming the owner, before anything is written. A node that joins --seed-nodes is a standby of an existing
        // cluster, whose singleton already guarantees one active coordinator (the rolling restart of
        // docs/cluster.md): it takes no lock.
        var ownership = options.Cluster is { SeedNodes.Count: > 0 } ? null : SweepOwnership.Acquire(directory, plan.SweepId, journal);
        try
        {
            journal.CheckBeforeStart();
            if (options.Cluster is null)
            {
                var system = ActorSystemBootstrap.StartLocal(ActorSystemBootstrap.SystemName, log, journal);
                var coordinator = system.ActorOf(coordinatorProps, "coordinator");
                var slots = Enumerable.Range(1, Math.Max(1, options.Slots))
                    .Select(i => system.ActorOf(WorkerSlot.Props(coordinator, $"local/slot-{i}", options.Slot), $"slot-{i}"))
                    .ToList();
                return new RunningSweep(system, node: false, coordinator, slots, fatal.Task, ownership,
                    new SweepHostStarted(null, journal.Describe(), directory));
            }
            var nodeSystem = await ClusterNode.StartAsync(options.Cluster with { Log = log }, [ClusterNode.CoordinatorRole, ClusterNode.WorkerRole], journal);
            var proxy = ClusterNode.StartCoordinatorSingleton(nodeSystem, coordinatorProps);
            var nodeSlots = ClusterNode.StartSlots(nodeSystem, proxy, options.Slots, options.Slot);
            return new RunningSweep(nodeSystem, node: true, proxy, nodeSlots, fatal.Task, ownership,
                new SweepHostStarted(Akka.Cluster.Cluster.Get(nodeSystem).SelfAddress.ToString(), journal.Describe(), directory));
        }
        catch
        {
            ownership?.Dispose();
            throw;
        }
    }

    /// <summary><see cref="StartAsync"/>, <see cref="RunningSweep.RunAsync"/> and the stop, in one call.</summary>
    public static async Task<SweepOutcome> RunAsync(PlannedSweep sweep, SweepHostOptions options, IProgress<ProgressReport>? progress, CancellationToken stop)
    {
        await using var running = await StartAsync(sweep, options);
        return await running.RunAsync(progress, stop);
    }
}

/// <summary>
/// A started sweep: its actor system, coordinator (or the proxy to the singleton) and local slots, and the sweep's
/// ownership, all held until it is disposed (a node leaves the cluster gracefully, a local system terminates).
/// </summary>
public sealed class RunningSweep : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly bool _node;
    private readonly IActorRef _coordinator;
    private readonly IReadOnlyList<IActorRef> _slots;
    private readonly Task<string> _fatal;
    private readonly SweepOwnership? _ownership;

    internal RunningSweep(ActorSystem system, bool node, IActorRef coordinator, IReadOnlyList<IActorRef> slots, Task<string> fatal,
        SweepOwnership? ownership, SweepHostStarted started)
    {
        _system = system;
        _node = node;
        _coordinator = coordinator;
        _slots = slots;
        _fatal = fatal;
        _ownership = ownership;
        Started = started;
    }

    public SweepHostStarted Started { get; }

    /// <summary>Progress until the sweep is finished, fails, or <paramref name="stop"/> asks for the drain.</summary>
    public async Task<SweepOutcome> RunAsync(IProgress<ProgressReport>? progress, CancellationToken stop)
    {
        var outcome = await ProgressLoop.RunAsync(_coordinator, _slots, _fatal, progress, Started.ResultsDirectory, stop,
            _node ? TimeSpan.FromMilliseconds(500) : null);
        // Let workers learn that the sweep is finished before this node (and the singleton) leaves.
        if (_node && outcome.Finished) await Task.Delay(SweepHost.FinishedGrace, CancellationToken.None);
        return outcome;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_node) await ClusterNode.LeaveAsync(_system);
            else
            {
                await ActorSystemBootstrap.StopAsync(_system);
                _system.Dispose();
            }
        }
        finally
        {
            _ownership?.Dispose();
        }
    }
}
