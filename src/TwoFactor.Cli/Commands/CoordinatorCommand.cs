using System.CommandLine;
using TwoFactor.Cli.Output;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Engines;
using TwoFactor.Sweeps;

namespace TwoFactor.Cli.Commands;

/// <summary>
/// `twofactor coordinator FILE`: the cluster node that owns a sweep. It runs the coordinator singleton (journal
/// on PostgreSQL via --journal, or SQLite under --results) and the result sink that writes the Parquet parts,
/// optionally with local worker slots; it exits when the sweep is finished.
/// </summary>
public static class CoordinatorCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Sweep file (YAML)" };
        var overrides = new Argument<string[]>("overrides") { Description = "Overrides key=value", Arity = ArgumentArity.ZeroOrMore };
        var node = new NodeOptions(defaultPort: 4053);
        var results = new Option<string>("--results") { Description = "Results root (env TWOFACTOR_RESULTS)", DefaultValueFactory = _ => NodeOptions.Env("TWOFACTOR_RESULTS") ?? "results" };
        var journal = new Option<string?>("--journal") { Description = "PostgreSQL connection string (env TWOFACTOR_JOURNAL); default: SQLite under --results" };
        var workers = new Option<int>("--workers") { Description = "Worker slots on this node too (env TWOFACTOR_WORKERS)", DefaultValueFactory = _ => NodeOptions.EnvInt("TWOFACTOR_WORKERS") ?? 0 };

        var command = new Command("coordinator", "Run a sweep's coordinator and result sink as a cluster node; workers join it");
        command.Arguments.Add(file);
        command.Arguments.Add(overrides);
        foreach (var option in node.All().Concat([results, journal, workers])) command.Options.Add(option);

        command.SetAction(async (parseResult, ct) =>
        {
            var input = SweepInput.Load(parseResult.GetValue(file)!, parseResult.GetValue(overrides) ?? []);
            if (input.Plan is null) return CliErrors.Report(input.Errors);
            var (options, slot, errors) = node.Bind(parseResult);
            if (errors.Count > 0) return CliErrors.Report(errors);
            var plan = input.Plan;
            var root = parseResult.GetValue(results)!;
            var journalValue = StatusCommand.JournalOption(parseResult.GetValue(journal));
            var target = journalValue is null
                ? new JournalTarget.Sqlite(EmbeddedSweep.JournalPathOf(root, plan.SweepId))
                : JournalTarget.Parse(journalValue);
            using var stop = new GracefulStop(ct);
            try
            {
                // One coordinator per sweep: a second one that forms its own cluster refuses here, naming the owner.
                // A node that joins --seed-nodes is a standby of an existing cluster, whose singleton already
                // guarantees one active coordinator (the rolling restart of docs/cluster.md): it takes no lock.
                using var ownership = options!.SeedNodes.Count == 0 ? SweepOwnership.Acquire(Path.Combine(root, plan.SweepId), plan.SweepId, target) : null;
                target.Check(TimeSpan.FromSeconds(5));
                var system = await ClusterNode.StartAsync(options!, [ClusterNode.CoordinatorRole, ClusterNode.WorkerRole], target);
                try
                {
                    var fatal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                    var settings = new CoordinatorSettings
                    {
                        ResultsRoot = root,
                        OnFatal = r => fatal.TrySetResult(r),
                        OnNotice = line => Console.Error.WriteLine($"note: {line}"),
                        JournalDescription = target.Describe(),
                    };
                    var units = Partitioner.ForPlan(plan);
                    var proxy = ClusterNode.StartCoordinatorSingleton(system, SweepCoordinator.Props(plan, units, settings));
                    var slots = ClusterNode.StartSlots(system, proxy, parseResult.GetValue(workers), slot!);
                    Console.Out.WriteLine($"coordinator {Akka.Cluster.Cluster.Get(system).SelfAddress} for sweep {plan.SweepId} ({plan.Name}): " +
                                          $"{plan.Cells.Count} cells in {units.Count} work units, journal {target.Describe()}, results in {Path.Combine(root, plan.SweepId)}");
                    var outcome = await ProgressDisplay.Run(p =>
                        ProgressLoop.RunAsync(proxy, slots, fatal.Task, p, Path.Combine(root, plan.SweepId), stop.Token, TimeSpan.FromMilliseconds(500)));
                    // Let workers learn that the sweep is finished before this node (and the singleton) leaves.
                    if (outcome.Finished) await Task.Delay(TimeSpan.FromSeconds(3));
                    return ProgressDisplay.Summarize(outcome);
                }
                finally
                {
                    await ClusterNode.LeaveAsync(system);
                }
            }
            catch (Exception e) when (e is SweepStartException or JournalUnavailableException)
            {
                return CliErrors.Report([e.Message]);
            }
        });
        return command;
    }
}

/// <summary>
/// Network and slot options shared by `coordinator` and `worker`, each with an environment variable for
/// containers (TWOFACTOR_HOSTNAME, TWOFACTOR_PUBLIC_HOSTNAME, TWOFACTOR_PORT, TWOFACTOR_SEED_NODES, ...).
/// </summary>
internal sealed class NodeOptions(int defaultPort)
{
    public Option<string> Hostname { get; } = new("--hostname") { Description = "Address to bind (env TWOFACTOR_HOSTNAME)", DefaultValueFactory = _ => Env("TWOFACTOR_HOSTNAME") ?? "127.0.0.1" };
    public Option<string?> PublicHostname { get; } = new("--public-hostname") { Description = "Address other nodes use to reach this one (env TWOFACTOR_PUBLIC_HOSTNAME)", DefaultValueFactory = _ => Env("TWOFACTOR_PUBLIC_HOSTNAME") };
    public Option<int> Port { get; } = new("--port") { Description = "TCP port (0: any free port; env TWOFACTOR_PORT)", DefaultValueFactory = _ => EnvInt("TWOFACTOR_PORT") ?? defaultPort };
    public Option<string?> SeedNodes { get; } = new("--seed-nodes") { Description = "Comma-separated host:port of nodes to join (env TWOFACTOR_SEED_NODES)", DefaultValueFactory = _ => Env("TWOFACTOR_SEED_NODES") };
    public Option<int> JoinTimeout { get; } = new("--join-timeout") { Description = "Seconds to join the cluster before giving up", DefaultValueFactory = _ => EnvInt("TWOFACTOR_JOIN_TIMEOUT") ?? 15 };
    public Option<string> Engine { get; } = new("--engine") { Description = $"Training engine: {string.Join(" | ", EngineFactory.Names)} (env TWOFACTOR_ENGINE)", DefaultValueFactory = _ => Env("TWOFACTOR_ENGINE") ?? "auto" };
    public Option<int> Threads { get; } = new("--threads") { Description = "Threads per cell (env TWOFACTOR_THREADS)", DefaultValueFactory = _ => EnvInt("TWOFACTOR_THREADS") ?? 1 };

    public IEnumerable<Option> All() => [Hostname, PublicHostname, Port, SeedNodes, JoinTimeout, Engine, Threads];

    public (ClusterOptions? Options, SlotSettings? Slot, IReadOnlyList<string> Errors) Bind(ParseResult result)
    {
        var errors = new List<string>();
        int port = result.GetValue(Port);
        if (port is < 0 or > 65535) errors.Add($"--port: {port} is not a TCP port (0-65535)");
        var seeds = (result.GetValue(SeedNodes) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        foreach (var seed in seeds)
        {
            var hostPort = seed.Contains("://") ? seed[(seed.LastIndexOf('@') + 1)..] : seed;
            int colon = hostPort.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], out var p) || p is <= 0 or > 65535)
                errors.Add($"--seed-nodes: '{seed}' is not host:port");
        }
        var engine = result.GetValue(Engine)!;
        if (!EngineFactory.Names.Contains(engine)) errors.Add($"--engine: unknown engine '{engine}'; choose one of {string.Join(", ", EngineFactory.Names)}");
        int joinTimeout = result.GetValue(JoinTimeout);
        if (joinTimeout <= 0) errors.Add("--join-timeout: must be positive");
        if (errors.Count > 0) return (null, null, errors);
        var options = new ClusterOptions(result.GetValue(Hostname)!, port, seeds)
        {
            PublicHostname = result.GetValue(PublicHostname),
            JoinTimeout = TimeSpan.FromSeconds(joinTimeout),
        };
        return (options, new SlotSettings(engine, result.GetValue(Threads)), errors);
    }

    public static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

    public static int? EnvInt(string name) => int.TryParse(Env(name), out var v) ? v : null;
}
