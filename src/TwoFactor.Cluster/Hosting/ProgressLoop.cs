using Akka.Actor;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Messages;

namespace TwoFactor.Cluster.Hosting;

/// <summary>
/// Drives a sweep from the outside: polls the coordinator for progress until the sweep is finished, the
/// coordinator reports a fatal problem, or the caller cancels (Ctrl-C). On cancel it stops the local slots
/// (their finished cells are reported, running ones released) and waits until the coordinator holds no lease
/// and has recorded every accepted row, so the journal and the parts agree and the next run resumes cleanly.
/// </summary>
public static class ProgressLoop
{
    public static async Task<SweepOutcome> RunAsync(IActorRef coordinator, IReadOnlyList<IActorRef> localSlots,
        Task<string> fatal, IProgress<ProgressReport>? progress, string resultsDirectory, CancellationToken ct,
        TimeSpan? pollInterval = null)
    {
        var poll = pollInterval ?? TimeSpan.FromMilliseconds(250);
        var runningFile = new RunningCellsFile(resultsDirectory);
        try
        {
            return await Drive(coordinator, localSlots, fatal, progress, resultsDirectory, runningFile, poll, ct);
        }
        finally
        {
            runningFile.Remove();
        }
    }

    private static async Task<SweepOutcome> Drive(IActorRef coordinator, IReadOnlyList<IActorRef> localSlots, Task<string> fatal,
        IProgress<ProgressReport>? progress, string resultsDirectory, RunningCellsFile runningFile, TimeSpan poll, CancellationToken ct)
    {
        ProgressReport? last = null;
        while (!ct.IsCancellationRequested)
        {
            if (fatal.IsCompleted) return new SweepOutcome(last, false, false, await fatal, resultsDirectory);
            try
            {
                last = await coordinator.Ask<ProgressReport>(GetProgress.Instance, TimeSpan.FromSeconds(10), ct);
                progress?.Report(last);
                runningFile.Update(last.Running, DateTimeOffset.UtcNow);
                if (last.Finished) break;
            }
            catch (AskTimeoutException)
            {
                // The coordinator is recovering a long journal or moving to another node; keep waiting.
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            try
            {
                await Task.WhenAny(Task.Delay(poll, ct), fatal);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: fall through to the drain below.
            }
        }
        if (fatal.IsCompleted) return new SweepOutcome(last, false, false, await fatal, resultsDirectory);

        bool interrupted = ct.IsCancellationRequested && last is not { Finished: true };
        // Stop leasing first, then stop the slots: a lease already on its way to a stopping slot is
        // released when the coordinator sees the slot terminate.
        var draining = coordinator.Ask<Drained>(new Drain(), TimeSpan.FromSeconds(60));
        foreach (var slot in localSlots) slot.Tell(StopSlot.Instance);
        try
        {
            var drained = await draining;
            last = drained.Report;
            progress?.Report(last);
        }
        catch (AskTimeoutException)
        {
            return new SweepOutcome(last, false, interrupted, "the coordinator did not confirm a clean stop within 60 s; the next run resumes from the journal", resultsDirectory);
        }
        return new SweepOutcome(last, last?.Finished == true, interrupted, null, resultsDirectory);
    }
}
