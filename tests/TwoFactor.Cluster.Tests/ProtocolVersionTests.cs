using Akka.Actor;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Cluster.Messages;
using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Tests;

/// <summary>
/// Nodes of different work-protocol versions refuse each other with a clear reason: the coordinator refuses
/// a slot's handshake (its first RequestWork), and a slot refuses a lease from a coordinator of another version.
/// </summary>
public sealed class ProtocolVersionTests : Akka.TestKit.Xunit2.TestKit, IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly List<ActorSystem> _systems = [];

    protected override void Dispose(bool disposing)
    {
        foreach (var system in _systems) system.Terminate().Wait(TimeSpan.FromSeconds(10));
        _temp.Dispose();
        base.Dispose(disposing);
    }

    [Fact]
    public async Task A_worker_is_refused_by_a_coordinator_of_another_protocol_version()
    {
        var plan = TestSweeps.Plan("versions", seeds: 4);
        var journal = new JournalTarget.Sqlite(JournalTarget.SqlitePathOf(_temp.Path, plan.SweepId));
        journal.Check(TimeSpan.FromSeconds(5));
        var coordinatorNode = await ClusterNode.StartAsync(new ClusterOptions("127.0.0.1", 0, []), [ClusterNode.CoordinatorRole], journal);
        _systems.Add(coordinatorNode);
        var settings = new CoordinatorSettings { ResultsRoot = _temp.Path, ProtocolVersion = WorkProtocol.Version + 1 };
        var proxy = ClusterNode.StartCoordinatorSingleton(coordinatorNode, SweepCoordinator.Props(plan, Partitioner.ForPlan(plan), settings));

        var seed = Akka.Cluster.Cluster.Get(coordinatorNode).SelfAddress.ToString();
        var worker = await ClusterNode.StartAsync(new ClusterOptions("127.0.0.1", 0, [seed]), [ClusterNode.WorkerRole], null);
        _systems.Add(worker);
        var refused = ClusterNode.SlotRefused(worker);
        ClusterNode.StartSlots(worker, ClusterNode.CoordinatorProxy(worker), 1, new SlotSettings("reference", 1));

        var reason = await refused.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains($"sweep protocol version {WorkProtocol.Version + 1}, this worker version {WorkProtocol.Version}", reason);
        var progress = await proxy.Ask<ProgressReport>(GetProgress.Instance, TimeSpan.FromSeconds(10));
        Assert.Equal(0, progress.Done);
    }

    [Fact]
    public void A_slot_refuses_a_lease_from_a_coordinator_of_another_version()
    {
        var plan = TestSweeps.Plan("lease-version", seeds: 1);
        var coordinator = CreateTestProbe();
        var refused = CreateTestProbe();
        Sys.EventStream.Subscribe(refused.Ref, typeof(SlotRefusedCoordinator));
        var slot = Sys.ActorOf(WorkerSlot.Props(coordinator.Ref, "test/slot-v", new SlotSettings("reference", 1)));
        Watch(slot);
        Assert.Equal(WorkProtocol.Version, coordinator.ExpectMsg<RequestWork>().ProtocolVersion);

        coordinator.Reply(new WorkLeased(plan.SweepId, 1, 0, [plan.Cells[0]], TimeSpan.FromSeconds(60), ProtocolVersion: 0));
        Assert.Contains("sweep protocol version 0", refused.ExpectMsg<SlotRefusedCoordinator>(TimeSpan.FromSeconds(10)).Reason);
        ExpectTerminated(slot, TimeSpan.FromSeconds(10));
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // no result, no further request
    }
}
