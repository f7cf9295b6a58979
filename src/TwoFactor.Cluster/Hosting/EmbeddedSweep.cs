using Akka.Actor;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Logging;
using TwoFactor.Cluster.Messages;
using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Hosting;

/// <summary>Options of `twofactor run`.</summary>
/// <param name="ResultsRoot">Results root; the sweep writes into &lt;root&gt;/&lt;sweep_id&gt;/ (journal.db included).</param>
/// <param name="Workers">Local worker slots (default: one per core).</param>
public sealed record EmbeddedOptions(string ResultsRoot, int Workers, SlotSettings Slot)
{
    /// <summary>Journal override (a PostgreSQL connection string); null: results/&lt;sweep_id&gt;/journal.db.</summary>
    public string? Journal { get; init; }
    /// <summary>Akka's log; without a file it goes to results/&lt;sweep_id&gt;/twofactor.log.</summary>
    public LogSettings Log { get; init; } = new();
    /// <summary>`--retry-failed`: failed cells are computed again and their old rows replaced.</summary>
    public bool RetryFailed { get; init; }
    /// <summary>Where one-line notices go (a damaged part recomputed, a journal outage); default: stderr.</summary>
    public Action<string>? Notice { get; init; }
}

/// <summary>
/// `twofactor run`: coordinator, result sink and worker slots in one process, journal in a SQLite file next
/// to the results. Running the same spec again finds the same sweep id, hence the same journal, and resumes.
/// </summary>
public static class EmbeddedSweep
{
    public static string JournalPathOf(string resultsRoot, string sweepId) => Path.Combine(resultsRoot, sweepId, "journal.db");

    public static async Task<SweepOutcome> RunAsync(SweepPlan plan, EmbeddedOptions options,
        IProgress<ProgressReport>? progress, CancellationToken ct)
    {
        var directory = Path.Combine(options.ResultsRoot, plan.SweepId);
        var journal = options.Journal is null
            ? new JournalTarget.Sqlite(JournalPathOf(options.ResultsRoot, plan.SweepId))
            : JournalTarget.Parse(options.Journal);
        // Before anything is written: a second run of the same sweep refuses here, naming the owner.
        using var ownership = SweepOwnership.Acquire(directory, plan.SweepId, journal);
        try
        {
            journal.Check(TimeSpan.FromSeconds(5));
        }
        catch (JournalUnavailableException e)
        {
            throw new SweepStartException(e.Message, e);
        }

        var log = options.Log.WithDefaultFile(Path.Combine(directory, LogSettings.FileName));
        var config = AkkaConfig.Stack(log.ToConfig(), AkkaConfig.Load("embedded.conf"), journal.ToConfig(), AkkaConfig.Load("base.conf"));
        using var system = ActorSystem.Create("twofactor", config);
        try
        {
            var fatal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var settings = new CoordinatorSettings
            {
                ResultsRoot = options.ResultsRoot,
                OnFatal = r => fatal.TrySetResult(r),
                OnNotice = options.Notice ?? (line => Console.Error.WriteLine($"note: {line}")),
                RetryFailed = options.RetryFailed,
                JournalDescription = journal.Describe(),
            };
            int workers = Math.Max(1, options.Workers);
            var coordinator = system.ActorOf(SweepCoordinator.Props(plan, Partitioner.ForPlan(plan), settings), "coordinator");
            var slots = Enumerable.Range(1, workers)
                .Select(i => system.ActorOf(WorkerSlot.Props(coordinator, $"local/slot-{i}", options.Slot), $"slot-{i}"))
                .ToList();
            return await ProgressLoop.RunAsync(coordinator, slots, fatal.Task, progress, directory, ct);
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        }
    }
}
