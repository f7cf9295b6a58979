using System.CommandLine;
using TwoFactor.Cli.Output;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Cluster.Logging;
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
        var file = CliOptions.SweepFile();
        var overrides = CliOptions.Overrides();
        var node = new NodeOptions(defaultPort: 4053);
        var results = new Option<string>("--results") { Description = "Results root (env TWOFACTOR_RESULTS)", DefaultValueFactory = _ => NodeOptions.Env("TWOFACTOR_RESULTS") ?? "results" };
        var journal = new JournalOptions("PostgreSQL connection string; default: SQLite under --results");
        var log = new LogOptions(withFile: true);
        var workers = new Option<int>("--workers") { Description = "Worker slots on this node too (env TWOFACTOR_WORKERS)", DefaultValueFactory = _ => NodeOptions.EnvInt("TWOFACTOR_WORKERS") ?? 0 }.NonNegative();
        var progressInterval = ProgressDisplay.IntervalOption();

        var command = new Command("coordinator", "Run a sweep's coordinator and result sink as a cluster node; workers join it");
        command.Arguments.Add(file);
        command.Arguments.Add(overrides);
        foreach (var option in node.All().Concat([results, workers, progressInterval])) command.Options.Add(option);
        journal.AddTo(command);
        log.AddTo(command);

        command.SetAction(async (parseResult, ct) =>
        {
            var input = SweepInput.Load(parseResult.GetValue(file)!, parseResult.GetValue(overrides) ?? []);
            if (input.Plan is null) return CliErrors.Report(input.Errors);
            var (options, slot, errors) = node.Bind(parseResult);
            var (journalValue, journalError) = journal.Resolve(parseResult);
            var (logSettings, logError) = log.Bind(parseResult);
            errors = [.. errors, .. new[] { journalError, logError }.OfType<string>()];
            if (errors.Count > 0) return CliErrors.Report(errors);
            var plan = input.Plan;
            var root = parseResult.GetValue(results)!;
            options = options! with { Log = logSettings.WithDefaultFile(Path.Combine(root, plan.SweepId, LogSettings.FileName)) };
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
                                          $"{Plural.Of(plan.Cells.Count, "cell")} in {Plural.Of(units.Count, "work unit")}, journal {target.Describe()}, results in {Path.Combine(root, plan.SweepId)}");
                    var outcome = await ProgressDisplay.Run(p =>
                        ProgressLoop.RunAsync(proxy, slots, fatal.Task, p, Path.Combine(root, plan.SweepId), stop.Token, TimeSpan.FromMilliseconds(500)),
                        parseResult.GetValue(progressInterval));
                    // Let workers learn that the sweep is finished before this node (and the singleton) leaves.
                    if (outcome.Finished) await Task.Delay(TimeSpan.FromSeconds(3));
                    return ProgressDisplay.Summarize(outcome, stop.Signal);
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
    public Option<string?> PublicHostname { get; } = new("--public-hostname") { Description = "Address other nodes use to reach this one; 'auto': this host's first non-loopback IPv4 address (env TWOFACTOR_PUBLIC_HOSTNAME)", DefaultValueFactory = _ => Env("TWOFACTOR_PUBLIC_HOSTNAME") };
    public Option<int> Port { get; } = new("--port") { Description = "TCP port (0: any free port; env TWOFACTOR_PORT)", DefaultValueFactory = _ => EnvInt("TWOFACTOR_PORT") ?? defaultPort };
    public Option<string?> SeedNodes { get; } = new("--seed-nodes") { Description = "Comma-separated host:port of nodes to join (env TWOFACTOR_SEED_NODES)", DefaultValueFactory = _ => Env("TWOFACTOR_SEED_NODES") };
    public Option<int> JoinTimeout { get; } = new("--join-timeout") { Description = "Seconds to join the cluster before giving up (env TWOFACTOR_JOIN_TIMEOUT)", DefaultValueFactory = _ => EnvInt("TWOFACTOR_JOIN_TIMEOUT") ?? 15 };
    public Option<string> Engine { get; } = new("--engine") { Description = $"Training engine: {string.Join(" | ", EngineFactory.Names)} (env TWOFACTOR_ENGINE)", DefaultValueFactory = _ => Env("TWOFACTOR_ENGINE") ?? "auto" };
    public Option<int> Threads { get; } = new Option<int>("--threads") { Description = "Threads per cell (env TWOFACTOR_THREADS)", DefaultValueFactory = _ => EnvInt("TWOFACTOR_THREADS") ?? 1 }.NonNegative();

    public Option<string?> TlsCert { get; } = new("--tls-cert") { Description = "This node's TLS certificate: PEM (with --tls-key) or PKCS#12 .p12/.pfx (password in env TWOFACTOR_TLS_PASSWORD); env TWOFACTOR_TLS_CERT", DefaultValueFactory = _ => Env("TWOFACTOR_TLS_CERT") };
    public Option<string?> TlsKey { get; } = new("--tls-key") { Description = "Private key (PEM) of --tls-cert (env TWOFACTOR_TLS_KEY)", DefaultValueFactory = _ => Env("TWOFACTOR_TLS_KEY") };
    public Option<string?> TlsCa { get; } = new("--tls-ca") { Description = "CA certificate(s) (PEM) every node's certificate must chain to (env TWOFACTOR_TLS_CA)", DefaultValueFactory = _ => Env("TWOFACTOR_TLS_CA") };

    public IEnumerable<Option> All() => [Hostname, PublicHostname, Port, SeedNodes, JoinTimeout, Engine, Threads, TlsCert, TlsKey, TlsCa];

    /// <summary>Mutual TLS when --tls-cert or --tls-ca is given (then both are required); null for plain TCP.</summary>
    private NodeTls? BindTls(ParseResult result, List<string> errors)
    {
        string? cert = result.GetValue(TlsCert), key = result.GetValue(TlsKey), ca = result.GetValue(TlsCa);
        if (cert is null && ca is null)
        {
            if (key is not null) errors.Add("--tls-key: given without --tls-cert and --tls-ca");
            return null;
        }
        if (cert is null || ca is null)
        {
            errors.Add(cert is null ? "--tls-cert: TLS needs this node's certificate too (--tls-ca is given)" : "--tls-ca: TLS needs the CA certificate too (--tls-cert is given)");
            return null;
        }
        try
        {
            return NodeTls.Load(cert, key, ca, Env("TWOFACTOR_TLS_PASSWORD"));
        }
        catch (ArgumentException e)
        {
            errors.Add(e.Message);
            return null;
        }
    }

    /// <summary>
    /// Validates and binds the node options of a parsed `coordinator` or `worker` command line. Options are looked
    /// up by name, so a test can check a recipe's command line (deploy/) with a fresh NodeOptions.
    /// </summary>
    public (ClusterOptions? Options, SlotSettings? Slot, IReadOnlyList<string> Errors) Bind(ParseResult result)
    {
        var errors = new List<string>();
        int port = Value<int>(result, Port);
        if (port is < 0 or > 65535) errors.Add($"--port: {port} is not a TCP port (0-65535)");
        var seeds = (Value<string?>(result, SeedNodes) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        foreach (var seed in seeds)
        {
            var hostPort = seed.Contains("://") ? seed[(seed.LastIndexOf('@') + 1)..] : seed;
            int colon = hostPort.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], out var p) || p is <= 0 or > 65535)
                errors.Add($"--seed-nodes: '{seed}' is not host:port");
        }
        var engine = Value<string?>(result, Engine)!;
        if (!EngineFactory.Names.Contains(engine)) errors.Add($"--engine: unknown engine '{engine}'; choose one of {string.Join(", ", EngineFactory.Names)}");
        int joinTimeout = Value<int>(result, JoinTimeout);
        if (joinTimeout <= 0) errors.Add("--join-timeout: must be positive");
        var tls = BindTls(result, errors);
        var publicHostname = Value<string?>(result, PublicHostname);
        if (publicHostname == HostAddress.Auto && (publicHostname = HostAddress.Detect()) is null)
            errors.Add("--public-hostname: 'auto' found no non-loopback IPv4 address on this host; give the address explicitly");
        if (errors.Count > 0) return (null, null, errors);
        var options = new ClusterOptions(Value<string?>(result, Hostname)!, port, seeds)
        {
            PublicHostname = publicHostname,
            JoinTimeout = TimeSpan.FromSeconds(joinTimeout),
            Tls = tls,
        };
        return (options, new SlotSettings(engine, Value<int>(result, Threads)), errors);
    }

    private static T Value<T>(ParseResult result, Option option) => result.GetValue<T>(option.Name)!;

    /// <summary>
    /// The environment the TWOFACTOR_* defaults read: the process's, unless set. DeployRecipeTests set it to a
    /// container's environment as a recipe (deploy/k8s, docker-compose.yml) defines it, so that the process
    /// environment, which child processes of parallel tests inherit, is never touched.
    /// </summary>
    internal static readonly AsyncLocal<IReadOnlyDictionary<string, string>?> EnvironmentOverride = new();

    public static string? Env(string name) =>
        (EnvironmentOverride.Value is { } env ? env.GetValueOrDefault(name) : Environment.GetEnvironmentVariable(name)) is { Length: > 0 } v ? v : null;

    public static int? EnvInt(string name) => int.TryParse(Env(name), out var v) ? v : null;
}
