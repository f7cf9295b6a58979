using Akka.Actor;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Cluster.Messages;
using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Tests;

/// <summary>
/// Three actor systems on 127.0.0.1 forming a real cluster (remoting, split-brain resolver, singleton):
/// one coordinator node and two worker nodes; one worker node is aborted mid-sweep.
/// </summary>
public class InProcessClusterTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly List<ActorSystem> _systems = [];

    public void Dispose()
    {
        foreach (var system in _systems) system.Terminate().Wait(TimeSpan.FromSeconds(10));
        _temp.Dispose();
    }

    [Fact]
    public async Task The_sweep_completes_exactly_once_when_a_worker_node_crashes()
    {
        var plan = TestSweeps.Plan("three-nodes", seeds: 80, maxEpochs: 400);
        var journal = new JournalTarget.Sqlite(JournalTarget.SqlitePathOf(_temp.Path, plan.SweepId));
        journal.Check(TimeSpan.FromSeconds(5));
        var fatal = new TaskCompletionSource<string>();
        var settings = new CoordinatorSettings { ResultsRoot = _temp.Path, OnFatal = r => fatal.TrySetResult(r) };

        var coordinatorNode = await Start(new ClusterOptions("127.0.0.1", 0, []), ClusterNode.CoordinatorRole, journal);
        var proxy = ClusterNode.StartCoordinatorSingleton(coordinatorNode,
            SweepCoordinator.Props(plan, Partitioner.ForPlan(plan), settings));
        var seed = Akka.Cluster.Cluster.Get(coordinatorNode).SelfAddress.ToString();

        var workerB = await Start(new ClusterOptions("127.0.0.1", 0, [seed]), ClusterNode.WorkerRole, null);
        var workerC = await Start(new ClusterOptions("127.0.0.1", 0, [seed]), ClusterNode.WorkerRole, null);
        var slot = new SlotSettings("reference", 1);
        ClusterNode.StartSlots(workerB, ClusterNode.CoordinatorProxy(workerB), 1, slot);
        ClusterNode.StartSlots(workerC, ClusterNode.CoordinatorProxy(workerC), 1, slot);
        var addressC = Akka.Cluster.Cluster.Get(workerC).SelfAddress.ToString();

        // Crash C once it has delivered results (so it is in the middle of the sweep).
        ProgressReport? before = null;
        await Until(async () =>
        {
            before = await proxy.Ask<ProgressReport>(GetProgress.Instance, TimeSpan.FromSeconds(5));
            return before.Finished || before.CellsByWorker.Keys.Any(w => w.StartsWith(addressC, StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(60), "results from node C");
        Assert.False(before!.Finished, "the sweep finished before node C could be crashed");
        ((ExtendedActorSystem)workerC).Abort();

        ProgressReport? final = null;
        await Until(async () => (final = await proxy.Ask<ProgressReport>(GetProgress.Instance, TimeSpan.FromSeconds(5))).Finished,
            TimeSpan.FromSeconds(90), "the sweep to finish without node C");
        Assert.False(fatal.Task.IsCompleted, fatal.Task.IsCompleted ? await fatal.Task : "");
        Assert.Equal(plan.Cells.Count, final!.Done);
        Assert.Equal(0, final.Failed);

        var directory = Path.Combine(_temp.Path, plan.SweepId);
        var (rows, distinct, _) = TestSweeps.Dataset(directory);
        Assert.Equal(plan.Cells.Count, rows);
        Assert.Equal(plan.Cells.Count, distinct);
        Assert.True(TestSweeps.CellIds(directory).SetEquals(plan.Cells.Select(c => c.CellId)));
    }

    [Fact]
    public async Task Workers_follow_the_coordinator_singleton_to_another_node()
    {
        // Enough work (seconds) that the sweep cannot finish between the progress check and the hand-over.
        var plan = TestSweeps.Plan("handover", seeds: 200, maxEpochs: 4000);
        var journal = new JournalTarget.Sqlite(JournalTarget.SqlitePathOf(_temp.Path, plan.SweepId));
        journal.Check(TimeSpan.FromSeconds(5));
        var settings = new CoordinatorSettings { ResultsRoot = _temp.Path };
        var props = SweepCoordinator.Props(plan, Partitioner.ForPlan(plan), settings);

        // Two coordinator-role nodes share the journal and the results folder; A is the oldest and hosts the singleton.
        var nodeA = await Start(new ClusterOptions("127.0.0.1", 0, []), ClusterNode.CoordinatorRole, journal);
        ClusterNode.StartCoordinatorSingleton(nodeA, props);
        var seed = Akka.Cluster.Cluster.Get(nodeA).SelfAddress.ToString();
        var nodeD = await Start(new ClusterOptions("127.0.0.1", 0, [seed]), ClusterNode.CoordinatorRole, journal);
        var proxyD = ClusterNode.StartCoordinatorSingleton(nodeD, props);
        var worker = await Start(new ClusterOptions("127.0.0.1", 0, [seed]), ClusterNode.WorkerRole, null);
        ClusterNode.StartSlots(worker, ClusterNode.CoordinatorProxy(worker), 2, new SlotSettings("reference", 1));

        ProgressReport? before = null;
        await Until(async () => (before = await proxyD.Ask<ProgressReport>(GetProgress.Instance, TimeSpan.FromSeconds(5))).Done >= 10,
            TimeSpan.FromSeconds(60), "progress under the first coordinator");
        Assert.False(before!.Finished, "the sweep finished before the hand-over");
        await ClusterNode.LeaveAsync(nodeA); // graceful: the singleton moves to D, which recovers from the journal

        ProgressReport? final = null;
        await Until(async () => (final = await proxyD.Ask<ProgressReport>(GetProgress.Instance, TimeSpan.FromSeconds(5))).Finished,
            TimeSpan.FromSeconds(90), "the sweep to finish under the second coordinator");
        Assert.Equal(plan.Cells.Count, final!.Done);
        Assert.True(final.ComputedThisRun < plan.Cells.Count, "the second coordinator recomputed everything");

        var directory = Path.Combine(_temp.Path, plan.SweepId);
        var (rows, distinct, _) = TestSweeps.Dataset(directory);
        Assert.Equal(plan.Cells.Count, rows);
        Assert.Equal(plan.Cells.Count, distinct);
    }

    private async Task<ActorSystem> Start(ClusterOptions options, string role, JournalTarget? journal)
    {
        var system = await ClusterNode.StartAsync(options, [role], journal);
        _systems.Add(system);
        return system;
    }

    private static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (AskTimeoutException)
            {
                // the singleton is still being located
            }
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out after {timeout} waiting for {what}");
            await Task.Delay(200);
        }
    }
}
