using Akka.Actor;
using Akka.Persistence;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Logging;
using TwoFactor.Cluster.Progress;
using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Hosting;

/// <summary>What `twofactor repair` did.</summary>
/// <param name="Recorded">Parts written into the new journal.</param>
/// <param name="SetAside">Parts left out (unreadable, foreign or overlapping cells), each "file: reason"; their cells run again.</param>
/// <param name="MovedJournal">Where the old journal file went (SQLite), or null.</param>
public sealed record RepairOutcome(int Recorded, int Completed, int Failed, int Planned, IReadOnlyList<string> SetAside, string? MovedJournal);

/// <summary>
/// Rebuilds a lost or damaged journal from the intact parts: every readable part whose cells belong to the
/// plan and appear in no earlier part is recorded (first part wins, as for live results); any other part is
/// set aside (renamed *.damaged) so that its cells are computed again. The old SQLite file is kept next to
/// the new one. It refuses a journal that still holds this sweep (nothing to repair; it would double rows).
/// </summary>
public static class JournalRepair
{
    /// <param name="log">Akka's log; without a file it goes to results/&lt;sweep_id&gt;/twofactor.log, as for `run`.</param>
    public static async Task<RepairOutcome> RunAsync(SweepPlan plan, string resultsRoot, string? journal, LogSettings? log = null)
    {
        var directory = Path.Combine(resultsRoot, plan.SweepId);
        if (!Directory.Exists(directory)) throw new SweepStartException($"{directory}: no such sweep folder (nothing to repair)");
        var target = JournalTarget.For(journal, resultsRoot, plan.SweepId);
        using var ownership = SweepOwnership.Acquire(directory, plan.SweepId, target);

        string? moved = null;
        if (target is JournalTarget.Sqlite sqlite && File.Exists(sqlite.Path) && !Opens(target))
        {
            moved = $"{sqlite.Path}.replaced-{DateTime.UtcNow:yyyyMMddHHmmss}";
            File.Move(sqlite.Path, moved);
            foreach (var suffix in new[] { "-wal", "-shm" })
                if (File.Exists(sqlite.Path + suffix)) File.Move(sqlite.Path + suffix, moved + suffix);
        }
        target.CheckBeforeStart();

        var (events, setAside, completed, failed) = await ScanParts(plan, new ResultStore(resultsRoot, plan.SweepId));
        await Write(target, plan.SweepId, events, (log ?? new LogSettings()).WithDefaultFile(Path.Combine(directory, LogSettings.FileName)));
        return new RepairOutcome(events.Count - 1, completed, failed, plan.Cells.Count, setAside, moved);
    }

    /// <summary>A damaged SQLite file is moved aside; one that opens is kept, and the rebuilder refuses it if it holds the sweep.</summary>
    private static bool Opens(JournalTarget target)
    {
        try
        {
            target.Check(TimeSpan.FromSeconds(5));
            return true;
        }
        catch (JournalUnavailableException)
        {
            return false;
        }
    }

    private static async Task<(List<IProgressEvent>, List<string>, int, int)> ScanParts(SweepPlan plan, ResultStore store)
    {
        var now = DateTimeOffset.UtcNow;
        var planned = plan.Cells.Select(c => c.CellId).ToHashSet(StringComparer.Ordinal);
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        var events = new List<IProgressEvent> { new SweepRegisteredV1(plan.SweepId, plan.Name, plan.Protocol, plan.Cells.Count, now) };
        var setAside = new List<string>();
        int completed = 0, failed = 0;
        store.RemoveOrphans(new HashSet<string>(store.CommittedParts(), StringComparer.Ordinal)); // temp files only
        foreach (var part in store.CommittedParts())
        {
            IReadOnlyList<ResultRow> rows;
            try
            {
                rows = await store.ReadPartAsync(part);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or ArgumentException
                                          or IndexOutOfRangeException or NotSupportedException or OverflowException)
            {
                setAside.Add($"{store.SetAside(part)}: unreadable ({e.Message})");
                continue;
            }
            var ids = rows.Select(r => r.CellId).ToList();
            string? problem = rows.Count == 0 ? "empty"
                : ids.Any(id => !planned.Contains(id)) ? "holds cells of another sweep"
                : ids.Distinct(StringComparer.Ordinal).Count() != ids.Count || ids.Any(recorded.Contains) ? "repeats cells of an earlier part"
                : null;
            if (problem is not null)
            {
                setAside.Add($"{store.SetAside(part)}: {problem}");
                continue;
            }
            var failedRows = rows.Where(r => r.IsFailed).ToList();
            var completedIds = rows.Except(failedRows).Select(r => r.CellId).ToList();
            events.Add(new PartRecordedV1(part, ResultStore.PartNumberOf(part)!.Value, completedIds,
                failedRows.Select(r => new FailedCellV1(r.CellId, FailedRow.ErrorOf(r))).ToList(), now));
            recorded.UnionWith(ids);
            completed += completedIds.Count;
            failed += failedRows.Count;
        }
        return (events, setAside, completed, failed);
    }

    private static async Task Write(JournalTarget target, string sweepId, IReadOnlyList<IProgressEvent> events, LogSettings log)
    {
        using var system = ActorSystemBootstrap.StartLocal("twofactor-repair", log, target);
        try
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            system.ActorOf(Props.Create(() => new Rebuilder(SweepCoordinator.PersistenceIdOf(sweepId), events, done)), "rebuilder");
            try
            {
                await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                throw new SweepStartException($"repair: {e.Message}", e);
            }
        }
        finally
        {
            await ActorSystemBootstrap.StopAsync(system);
        }
    }

    /// <summary>Writes the rebuilt events under the coordinator's persistence id, once, into an empty journal.</summary>
    private sealed class Rebuilder : ReceivePersistentActor
    {
        private readonly TaskCompletionSource _done;

        public override string PersistenceId { get; }

        public Rebuilder(string persistenceId, IReadOnlyList<IProgressEvent> events, TaskCompletionSource done)
        {
            PersistenceId = persistenceId;
            _done = done;
            int written = 0;
            Recover<RecoveryCompleted>(_ =>
            {
                if (LastSequenceNr > 0)
                {
                    done.TrySetException(new InvalidOperationException(
                        "the journal still holds this sweep (nothing to repair); only a lost or damaged journal is rebuilt"));
                    return;
                }
                PersistAll(events, _ =>
                {
                    if (++written == events.Count) done.TrySetResult();
                });
            });
            Recover<object>(_ => { });
        }

        protected override void OnRecoveryFailure(Exception reason, object? message = null)
        {
            _done.TrySetException(new InvalidOperationException($"cannot read the journal: {JournalFaults.Root(reason).Message}"));
            base.OnRecoveryFailure(reason, message);
        }

        protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
        {
            _done.TrySetException(new InvalidOperationException($"cannot write the journal: {JournalFaults.Root(cause).Message}"));
            base.OnPersistFailure(cause, @event, sequenceNr);
        }
    }
}
