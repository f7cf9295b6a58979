using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using TwoFactor.Cluster.Logging;

namespace TwoFactor.Cluster.Hosting;

/// <summary>
/// How every actor system of this program starts and stops (`run`, `coordinator`, `worker`, `repair`, `status`,
/// `sweeps`): one config stack, in this order (the first wins): the log (so that nothing is printed on stdout
/// while the system starts), the transport (local, or a cluster node's address, roles and cluster.conf), the
/// journal, base.conf (serializers, dispatchers).
/// </summary>
public static class ActorSystemBootstrap
{
    public const string SystemName = "twofactor";

    /// <summary>The transport of a process that talks to no other: configs/akka/embedded.conf.</summary>
    public static Config LocalTransport => AkkaConfig.Load("embedded.conf");

    public static Config Config(LogSettings log, Config transport, JournalTarget? journal) =>
        AkkaConfig.Stack(new[] { log.ToConfig(), transport, journal?.ToConfig() ?? Akka.Configuration.Config.Empty, AkkaConfig.Load("base.conf") }
            .Where(c => !c.IsEmpty));

    /// <summary>An actor system with no networking (`run`, `repair`, `status`), its journal at <paramref name="journal"/>.</summary>
    public static ActorSystem StartLocal(string name, LogSettings log, JournalTarget journal) =>
        Start(name, Config(log, LocalTransport, journal));

    /// <param name="setups">Programmatic setups beside the config (TLS certificates for Akka.Remote).</param>
    public static ActorSystem Start(string name, Config config, params IEnumerable<Setup> setups) =>
        ActorSystem.Create(name, ActorSystemSetup.Create([BootstrapSetup.Create().WithConfig(config), .. setups]));

    /// <summary>Stops the system, waiting at most 10 s: a stuck shutdown must not keep the process (or a test) alive.</summary>
    public static Task StopAsync(ActorSystem system) =>
        system.Terminate().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
}
