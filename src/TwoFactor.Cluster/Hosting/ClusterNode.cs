using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Logging;

namespace TwoFactor.Cluster.Hosting;

/// <summary>
/// Composition root of a cluster node (`twofactor coordinator`, `twofactor worker`, the in-process cluster tests):
/// HOCON from configs/akka/ plus the node's address, seed nodes and roles; join with a deadline; the sweep
/// coordinator as a cluster singleton on the "coordinator" role; worker slots talking to it through a proxy.
/// </summary>
public static class ClusterNode
{
    public const string SystemName = ActorSystemBootstrap.SystemName;
    public const string CoordinatorRole = "coordinator";
    public const string WorkerRole = "worker";
    private const string SingletonName = "sweep-coordinator";

    public static string SeedAddress(string seed, string scheme = "akka.tcp") =>
        seed.Contains("://", StringComparison.Ordinal) ? seed : $"{scheme}://{SystemName}@{seed}";

    /// <summary>The transport layer of a node: its address, TLS switch and roles, over cluster.conf and the singleton's defaults.</summary>
    public static Config Transport(ClusterOptions options, IReadOnlyList<string> roles)
    {
        var layers = new List<Config>
        {
            AkkaConfig.Value("akka.remote.dot-netty.tcp.hostname", options.Hostname),
            AkkaConfig.Value("akka.remote.dot-netty.tcp.port", options.Port),
            AkkaConfig.Value("akka.remote.dot-netty.tcp.enable-ssl", options.Tls is not null),
            AkkaConfig.Value("akka.cluster.roles", roles),
        };
        if (options.PublicHostname is not null) layers.Add(AkkaConfig.Value("akka.remote.dot-netty.tcp.public-hostname", options.PublicHostname));
        layers.Add(AkkaConfig.Load("cluster.conf"));
        layers.Add(ClusterSingleton.DefaultConfig());
        return AkkaConfig.Stack(layers);
    }

    /// <summary>
    /// Starts the node and joins the seed nodes (none: it forms a cluster on its own). Fails with a clear
    /// message when the cluster cannot be joined within the deadline, instead of retrying forever.
    /// </summary>
    public static async Task<ActorSystem> StartAsync(ClusterOptions options, IReadOnlyList<string> roles, JournalTarget? journal)
    {
        ActorSystem system;
        try
        {
            system = ActorSystemBootstrap.Start(SystemName, ActorSystemBootstrap.Config(options.Log ?? new LogSettings(), Transport(options, roles), journal),
                options.Tls is null ? [] : [options.Tls.ToSetup()]);
        }
        catch (Exception e) when (e is ConfigurationException or System.Net.Sockets.SocketException or AggregateException or InvalidOperationException)
        {
            throw new SweepStartException($"cannot start the node on {options.Hostname}:{options.Port}: {Root(e).Message}", e);
        }
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        var seeds = options.SeedNodes.Count == 0
            ? [cluster.SelfAddress]
            : options.SeedNodes.Select(s => Address.Parse(SeedAddress(s, options.Scheme))).ToList();
        cluster.JoinSeedNodes(seeds);
        if (await Task.WhenAny(up.Task, Task.Delay(options.JoinTimeout)) != up.Task)
        {
            await ActorSystemBootstrap.StopAsync(system);
            throw new SweepStartException(
                $"seed-nodes: could not join the cluster through {string.Join(", ", seeds)} within {options.JoinTimeout.TotalSeconds:0} s " +
                "(is the coordinator running and reachable from here? check --seed-nodes / TWOFACTOR_SEED_NODES and firewalls)");
        }
        return system;
    }

    /// <summary>Runs the coordinator as a singleton on the coordinator-role nodes; returns the local proxy to it.</summary>
    public static IActorRef StartCoordinatorSingleton(ActorSystem system, Props coordinator)
    {
        system.ActorOf(ClusterSingletonManager.Props(coordinator, PoisonPill.Instance,
            ClusterSingletonManagerSettings.Create(system).WithRole(CoordinatorRole)), SingletonName);
        return CoordinatorProxy(system);
    }

    public static IActorRef CoordinatorProxy(ActorSystem system) =>
        system.ActorOf(ClusterSingletonProxy.Props($"/user/{SingletonName}",
            ClusterSingletonProxySettings.Create(system).WithRole(CoordinatorRole)), $"{SingletonName}-proxy");

    /// <summary>Worker slots named after the node's address, so the coordinator can tell whose leases die with a node.</summary>
    public static IReadOnlyList<IActorRef> StartSlots(ActorSystem system, IActorRef coordinator, int count, SlotSettings settings)
    {
        var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
        return Enumerable.Range(1, count)
            .Select(i => system.ActorOf(WorkerSlot.Props(coordinator, $"{self}/slot-{i}", settings), $"slot-{i}"))
            .ToList();
    }

    /// <summary>Completes when a local slot learns that the sweep is finished.</summary>
    public static Task<string> SweepFinished(ActorSystem system)
    {
        var finished = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = system.ActorOf(Props.Create(() => new FinishedListener(finished)));
        system.EventStream.Subscribe(listener, typeof(SlotSawSweepFinished));
        return finished.Task;
    }

    /// <summary>Completes with the reason when a local slot refuses the coordinator (another protocol version).</summary>
    public static Task<string> SlotRefused(ActorSystem system)
    {
        var refused = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = system.ActorOf(Props.Create(() => new RefusedListener(refused)));
        system.EventStream.Subscribe(listener, typeof(SlotRefusedCoordinator));
        return refused.Task;
    }

    /// <summary>Leaves the cluster gracefully (the coordinator sees MemberRemoved, not a crash) and stops the system.</summary>
    public static async Task LeaveAsync(ActorSystem system)
    {
        // Downed and already shut down (e.g. cut off from the coordinator): nothing to leave; running the
        // shutdown again would only wait out its timeout before the process can exit.
        if (system.WhenTerminated.IsCompleted) return;
        try
        {
            await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance).WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            await ActorSystemBootstrap.StopAsync(system);
        }
    }

    private static Exception Root(Exception e) => e.InnerException is null ? e : Root(e.InnerException);

    private sealed class RefusedListener : ReceiveActor
    {
        public RefusedListener(TaskCompletionSource<string> refused) =>
            Receive<SlotRefusedCoordinator>(m => refused.TrySetResult(m.Reason));
    }

    private sealed class FinishedListener : ReceiveActor
    {
        public FinishedListener(TaskCompletionSource<string> finished) =>
            Receive<SlotSawSweepFinished>(m => finished.TrySetResult(m.SweepId));
    }
}
