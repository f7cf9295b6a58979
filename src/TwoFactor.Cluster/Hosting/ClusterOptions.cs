using TwoFactor.Cluster.Logging;

namespace TwoFactor.Cluster.Hosting;

/// <summary>
/// Network identity of a node. Seed nodes are "host:port" or full akka.tcp:// addresses. Every value is checked
/// when it is set (construction and `with`): a bad one throws an <see cref="ArgumentException"/> naming the
/// option it comes from. The checks are public so that the CLI can report every bad option at once.
/// </summary>
public sealed record ClusterOptions(string Hostname, int Port, IReadOnlyList<string> SeedNodes)
{
    public string Hostname { get; init => field = Checked(value, HostnameProblem); } = Checked(Hostname, HostnameProblem);

    public int Port { get; init => field = Checked(value, PortProblem); } = Checked(Port, PortProblem);

    public IReadOnlyList<string> SeedNodes { get; init => field = Checked(value, SeedProblem); } = Checked(SeedNodes, SeedProblem);

    /// <summary>Address other nodes use to reach this one when it differs from the bind address (containers).</summary>
    public string? PublicHostname
    {
        get;
        init => field = value is null ? null : Checked(value, v => HostnameProblem(v)?.Replace("--hostname", "--public-hostname"));
    }

    public TimeSpan JoinTimeout { get; init => field = Checked(value, JoinTimeoutProblem); } = TimeSpan.FromSeconds(15);

    /// <summary>Akka's log (a file; stderr only when verbose). Null: the log is dropped.</summary>
    public LogSettings? Log { get; init; }

    /// <summary>Mutual TLS for every connection of this node (null: plain TCP, for trusted networks only).</summary>
    public NodeTls? Tls { get; init; }

    /// <summary>akka.ssl.tcp with TLS (what Akka.Remote's DotNetty transport names its addresses), akka.tcp without.</summary>
    public string Scheme => Tls is null ? "akka.tcp" : "akka.ssl.tcp";

    public static string? HostnameProblem(string? hostname) =>
        string.IsNullOrWhiteSpace(hostname) ? "--hostname: must not be empty" : null;

    public static string? PortProblem(int port) => port is < 0 or > 65535 ? $"--port: {port} is not a TCP port (0-65535)" : null;

    /// <summary>The first seed node that is not host:port (or an akka address ending in one), with the reason.</summary>
    public static string? SeedProblem(IReadOnlyList<string>? seeds)
    {
        if (seeds is null) return "--seed-nodes: must not be null (an empty list forms a cluster of its own)";
        foreach (var seed in seeds)
        {
            var hostPort = seed.Contains("://", StringComparison.Ordinal) ? seed[(seed.LastIndexOf('@') + 1)..] : seed;
            int colon = hostPort.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], out var p) || p is <= 0 or > 65535)
                return $"--seed-nodes: '{seed}' is not host:port";
        }
        return null;
    }

    public static string? JoinTimeoutProblem(TimeSpan timeout) => timeout > TimeSpan.Zero ? null : "--join-timeout: must be positive";

    private static T Checked<T>(T value, Func<T, string?> problem) =>
        problem(value) is { } message ? throw new ArgumentException(message) : value;
}
