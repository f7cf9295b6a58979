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

    /// <exception cref="SweepStartException">Another process owns the sweep, the journal is unreachable, the node cannot start or join.</exception>
    public static async Task<SweepOutcome> RunAsync(PlannedSweep sweep, SweepHostOptions options, IProgress<ProgressReport>? progress,
        Action<SweepHostStarted>? started, CancellationToken stop)
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
        var coordinator = SweepCoordinator.Props(plan, sweep.Units, settings);

        // One coordinator per sweep: a second `run` or a coordinator that forms its own cluster refuses here,
        // naming the owner, before anything is written. A node that joins --seed-nodes is a standby of an existing
        // cluster, whose singleton already guarantees one active coordinator (the rolling restart of
        // docs/cluster.md): it takes no lock.
        using var ownership = options.Cluster is { SeedNodes.Count: > 0 } ? null : SweepOwnership.Acquire(directory, plan.SweepId, journal);
        journal.CheckBeforeStart();
        return options.Cluster is null
            ? await InProcess(coordinator, options, journal, log, directory, fatal.Task, progress, started, stop)
            : await AsNode(coordinator, options, options.Cluster with { Log = log }, journal, directory, fatal.Task, progress, started, stop);
    }

    private static async Task<SweepOutcome> InProcess(Props coordinatorProps, SweepHostOptions options, JournalTarget journal, LogSettings log,
        string directory, Task<string> fatal, IProgress<ProgressReport>? progress, Action<SweepHostStarted>? started, CancellationToken stop)
    {
        using var system = ActorSystemBootstrap.StartLocal(ActorSystemBootstrap.SystemName, log, journal);
        try
        {
            var coordinator = system.ActorOf(coordinatorProps, "coordinator");
            var slots = Enumerable.Range(1, Math.Max(1, options.Slots))
                .Select(i => system.ActorOf(WorkerSlot.Props(coordinator, $"local/slot-{i}", options.Slot), $"slot-{i}"))
                .ToList();
            started?.Invoke(new SweepHostStarted(null, journal.Describe(), directory));
            return await ProgressLoop.RunAsync(coordinator, slots, fatal, progress, directory, stop);
        }
        finally
        {
            await ActorSystemBootstrap.StopAsync(system);
        }
    }

    private static async Task<SweepOutcome> AsNode(Props coordinatorProps, SweepHostOptions options, ClusterOptions node, JournalTarget journal,
        string directory, Task<string> fatal, IProgress<ProgressReport>? progress, Action<SweepHostStarted>? started, CancellationToken stop)
    {
        var system = await ClusterNode.StartAsync(node, [ClusterNode.CoordinatorRole, ClusterNode.WorkerRole], journal);
        try
        {
            var proxy = ClusterNode.StartCoordinatorSingleton(system, coordinatorProps);
            var slots = ClusterNode.StartSlots(system, proxy, options.Slots, options.Slot);
            started?.Invoke(new SweepHostStarted(Akka.Cluster.Cluster.Get(system).SelfAddress.ToString(), journal.Describe(), directory));
            var outcome = await ProgressLoop.RunAsync(proxy, slots, fatal, progress, directory, stop, TimeSpan.FromMilliseconds(500));
            if (outcome.Finished) await Task.Delay(FinishedGrace, CancellationToken.None);
            return outcome;
        }
        finally
        {
            await ClusterNode.LeaveAsync(system);
        }
    }
}
