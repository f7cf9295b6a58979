using Akka.Actor;
using TwoFactor.Cluster.Actors;

namespace TwoFactor.Cluster.Hosting;

/// <summary>How a worker node ended.</summary>
public abstract record WorkerExit
{
    public sealed record SweepFinished : WorkerExit;

    /// <summary>Ctrl-C or SIGTERM: finished cells were reported, running ones released.</summary>
    public sealed record Stopped : WorkerExit;

    /// <summary>No coordinator came back within the rejoin timeout (or rejoining is off).</summary>
    public sealed record CoordinatorLost : WorkerExit;

    /// <summary>
    /// A slot refused the coordinator (another protocol version): rejoining would meet the same coordinator,
    /// so the node stops instead of looping.
    /// </summary>
    public sealed record Refused(string Reason) : WorkerExit;
}

/// <summary>
/// `twofactor worker`: a node with worker slots that re-registers by itself when the coordinator goes away.
/// A coordinator killed and started again (same address, new incarnation) forms a new cluster; the old one's
/// workers are downed by the split-brain resolver (keep-oldest: the oldest node, the coordinator, is on the
/// other side) or, if they are not, see no coordinator-role member for <see cref="OrphanedAfter"/>. Either
/// way the node's actor system is thrown away and a fresh one joins the seed nodes again, until
/// <c>rejoinFor</c> has passed without a coordinator. Leases the old system held are lost with it; the new
/// coordinator never knew them (they are pending in its journal-rebuilt state), so nothing is counted twice.
/// </summary>
public static class WorkerNode
{
    public static readonly TimeSpan OrphanedAfter = TimeSpan.FromSeconds(8);

    /// <param name="describeSlots">How the node's slots are named in its joined line, e.g. "2 slots, engine cpu".</param>
    public static async Task<WorkerExit> RunAsync(ClusterOptions options, int slots, SlotSettings settings, TimeSpan rejoinFor,
        string describeSlots, Action<string> say, CancellationToken ct)
    {
        DateTimeOffset? lostAt = null;
        while (true)
        {
            ActorSystem system;
            try
            {
                system = await ClusterNode.StartAsync(options, [ClusterNode.WorkerRole], journal: null);
            }
            catch (SweepStartException) when (lostAt is { } since && DateTimeOffset.UtcNow - since < rejoinFor && !ct.IsCancellationRequested)
            {
                continue; // the coordinator is not back yet: StartAsync already waited its join timeout
            }
            catch (SweepStartException) when (lostAt is not null)
            {
                // Rejoining ran out of time: the coordinator is gone, which is a failed run (exit 1), not the bad
                // seed-node input that a first failed join means (exit 2). Stopped while rejoining: a stop.
                return ct.IsCancellationRequested ? new WorkerExit.Stopped() : new WorkerExit.CoordinatorLost();
            }
            try
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                var finished = ClusterNode.SweepFinished(system);
                var refused = ClusterNode.SlotRefused(system);
                var proxy = ClusterNode.CoordinatorProxy(system);
                var slotRefs = ClusterNode.StartSlots(system, proxy, slots, settings);
                say(lostAt is null
                    ? $"worker {cluster.SelfAddress}: {describeSlots}"
                    : $"worker {cluster.SelfAddress}: rejoined the cluster, {describeSlots}");
                lostAt = null;
                var stopped = new TaskCompletionSource();
                using var registration = ct.Register(() => stopped.TrySetResult());
                var orphaned = WhenWithoutCoordinator(cluster, ct);
                var first = await Task.WhenAny(finished, system.WhenTerminated, stopped.Task, orphaned, refused);
                if (first == refused) return new WorkerExit.Refused(await refused);
                if (first == finished)
                {
                    say($"sweep {await finished} finished");
                    return new WorkerExit.SweepFinished();
                }
                if (first == stopped.Task)
                {
                    say("stopping: finished cells are reported, running ones released to other workers");
                    foreach (var slot in slotRefs) slot.Tell(StopSlot.Instance);
                    await Task.Delay(TimeSpan.FromSeconds(2));
                    return new WorkerExit.Stopped();
                }
                if (rejoinFor <= TimeSpan.Zero) return new WorkerExit.CoordinatorLost();
                lostAt = DateTimeOffset.UtcNow;
                say($"lost the coordinator ({(first == orphaned ? "no coordinator in the cluster" : "this node was removed from the cluster")}); " +
                    $"rejoining {string.Join(", ", options.SeedNodes)} for up to {rejoinFor.TotalSeconds:F0} s");
            }
            finally
            {
                await ClusterNode.LeaveAsync(system);
            }
        }
    }

    /// <summary>Completes when no reachable coordinator-role member has been Up for <see cref="OrphanedAfter"/>.</summary>
    private static async Task WhenWithoutCoordinator(Akka.Cluster.Cluster cluster, CancellationToken ct)
    {
        var lastSeen = DateTimeOffset.UtcNow;
        while (!ct.IsCancellationRequested && !cluster.IsTerminated)
        {
            var state = cluster.State;
            bool present = state.Members.Any(m => m.HasRole(ClusterNode.CoordinatorRole) && m.Status == Akka.Cluster.MemberStatus.Up
                                                  && !state.Unreachable.Contains(m));
            if (present) lastSeen = DateTimeOffset.UtcNow;
            else if (DateTimeOffset.UtcNow - lastSeen >= OrphanedAfter) return;
            await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
        }
        // Stopping or terminated: the caller learns that from its own tasks; this one must not win the race.
        await new TaskCompletionSource().Task;
    }
}
