using Akka.Actor;
using TwoFactor.Cluster.Actors;

namespace TwoFactor.Cluster.Hosting;

/// <summary>How a worker node ended.</summary>
public enum WorkerExit { SweepFinished, Stopped, CoordinatorLost }

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

    public static async Task<WorkerExit> RunAsync(ClusterOptions options, int slots, SlotSettings settings, TimeSpan rejoinFor,
        Action<string> say, CancellationToken ct)
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
            try
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                var finished = ClusterNode.SweepFinished(system);
                var proxy = ClusterNode.CoordinatorProxy(system);
                var slotRefs = ClusterNode.StartSlots(system, proxy, slots, settings);
                say(lostAt is null
                    ? $"worker {cluster.SelfAddress}: {slots} slot(s), engine {settings.Engine}"
                    : $"worker {cluster.SelfAddress}: rejoined the cluster, {slots} slot(s)");
                lostAt = null;
                var stopped = new TaskCompletionSource();
                using var registration = ct.Register(() => stopped.TrySetResult());
                var orphaned = WhenWithoutCoordinator(cluster, ct);
                var first = await Task.WhenAny(finished, system.WhenTerminated, stopped.Task, orphaned);
                if (first == finished)
                {
                    say($"sweep {await finished} finished");
                    return WorkerExit.SweepFinished;
                }
                if (first == stopped.Task)
                {
                    say("stopping: finished cells are reported, running ones released to other workers");
                    foreach (var slot in slotRefs) slot.Tell(StopSlot.Instance);
                    await Task.Delay(TimeSpan.FromSeconds(2));
                    return WorkerExit.Stopped;
                }
                if (rejoinFor <= TimeSpan.Zero) return WorkerExit.CoordinatorLost;
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
