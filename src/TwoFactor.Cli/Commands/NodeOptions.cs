using System.CommandLine;
using TwoFactor.Cluster.Actors;
using TwoFactor.Cluster.Hosting;

namespace TwoFactor.Cli.Commands;

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
    public Option<string> Engine { get; } = CliOptions.Engine("TWOFACTOR_ENGINE");
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
        // Each value through the settings' own check, so that every bad option is reported at once; the
        // settings objects below check again on construction (one definition of each rule: ClusterOptions, SlotSettings).
        var errors = new List<string>();
        int port = Value<int>(result, Port);
        var hostname = Value<string?>(result, Hostname);
        var seeds = (Value<string?>(result, SeedNodes) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var joinTimeout = TimeSpan.FromSeconds(Value<int>(result, JoinTimeout));
        errors.AddRange(new[] { ClusterOptions.HostnameProblem(hostname), ClusterOptions.PortProblem(port) }.OfType<string>());
        errors.AddRange(seeds.Select(seed => ClusterOptions.SeedProblem([seed])).OfType<string>());
        var engine = Value<string?>(result, Engine);
        if (SlotSettings.EngineProblem(engine) is { } engineProblem) errors.Add($"--engine: {engineProblem}");
        if (ClusterOptions.JoinTimeoutProblem(joinTimeout) is { } joinProblem) errors.Add(joinProblem);
        var tls = BindTls(result, errors);
        var publicHostname = Value<string?>(result, PublicHostname);
        if (publicHostname == HostAddress.Auto && (publicHostname = HostAddress.Detect()) is null)
            errors.Add("--public-hostname: 'auto' found no non-loopback IPv4 address on this host; give the address explicitly");
        if (errors.Count > 0) return (null, null, errors);
        try
        {
            var options = new ClusterOptions(hostname!, port, seeds) { PublicHostname = publicHostname, JoinTimeout = joinTimeout, Tls = tls };
            return (options, new SlotSettings(engine!, Value<int>(result, Threads)), errors);
        }
        catch (ArgumentException e)
        {
            return (null, null, [e.Message]);
        }
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
