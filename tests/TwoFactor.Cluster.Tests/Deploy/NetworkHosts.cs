using System.Diagnostics;

namespace TwoFactor.Cluster.Tests.Deploy;

/// <summary>
/// Hosts made of Linux network namespaces: each host namespace has one interface (eth0, 10.213.0.N/24) on a veth
/// pair whose other end is a port of a bridge in a namespace of its own, so nothing changes in the machine's own
/// namespace and no packet can leave the machine (no host has a route beyond 10.213.0.0/24). Cut() takes a
/// host's bridge port down (a pulled cable), Restore() brings it back. Dispose() deletes the namespaces, which
/// removes their interfaces; processes started in them are the caller's to kill first.
/// </summary>
public sealed class NetworkHosts : IDisposable
{
    private readonly string _prefix = $"tf{Environment.ProcessId % 10000}{Random.Shared.Next(100):D2}";
    private readonly List<string> _namespaces = [];

    public NetworkHosts(int count)
    {
        try
        {
            Ip("netns", "add", Bridge);
            _namespaces.Add(Bridge);
            Ip("-n", Bridge, "link", "add", "br0", "type", "bridge");
            Ip("-n", Bridge, "link", "set", "br0", "up");
            for (int i = 1; i <= count; i++)
            {
                var host = Host(i);
                Ip("netns", "add", host);
                _namespaces.Add(host);
                Ip("link", "add", Port(i), "type", "veth", "peer", "name", $"{_prefix}e{i}");
                Ip("link", "set", Port(i), "netns", Bridge);
                Ip("link", "set", $"{_prefix}e{i}", "netns", host);
                Ip("-n", host, "link", "set", $"{_prefix}e{i}", "name", "eth0");
                Ip("-n", host, "addr", "add", $"{Address(i)}/24", "dev", "eth0");
                Ip("-n", host, "link", "set", "eth0", "up");
                Ip("-n", host, "link", "set", "lo", "up");
                Ip("-n", Bridge, "link", "set", Port(i), "master", "br0");
                Ip("-n", Bridge, "link", "set", Port(i), "up");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public static string Address(int host) => $"10.213.0.{host}";

    public string Host(int i) => $"{_prefix}h{i}";

    /// <summary>Starts a program inside a host (`ip netns exec`, which execs it: the process id is the program's).</summary>
    public CliProcess Start(int host, string workingDirectory, string program, params string[] args) =>
        CliProcess.StartProgram(workingDirectory, null, "ip", ["netns", "exec", Host(host), program, .. args]);

    public void Cut(int host) => Ip("-n", Bridge, "link", "set", Port(host), "down");

    public void Restore(int host) => Ip("-n", Bridge, "link", "set", Port(host), "up");

    public void Dispose()
    {
        foreach (var ns in Enumerable.Reverse(_namespaces))
        {
            try { Ip("netns", "del", ns); } catch (InvalidOperationException) { }
        }
        _namespaces.Clear();
    }

    /// <summary>Whether this machine lets us create a namespace (root and CAP_SYS_ADMIN); the reason if not.</summary>
    public static string? Unavailable()
    {
        if (Environment.UserName != "root") return "network namespaces need root (`ip netns add`)";
        var probe = $"tfprobe{Environment.ProcessId}";
        try
        {
            Ip("netns", "add", probe);
            Ip("netns", "del", probe);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return $"cannot create a network namespace here: {e.Message}";
        }
    }

    private string Bridge => $"{_prefix}br";

    private string Port(int host) => $"{_prefix}p{host}";

    private static void Ip(params string[] args)
    {
        using var ip = CliProcess.StartProgram(System.IO.Path.GetTempPath(), null, "ip", args);
        var result = ip.Finish(TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0) throw new InvalidOperationException($"ip {string.Join(' ', args)}: {result.Err.Trim()}");
    }
}

/// <summary>Skipped, with the reason, where the test cannot create network namespaces.</summary>
public sealed class NetnsFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Reason = new(NetworkHosts.Unavailable);

    public NetnsFactAttribute()
    {
        if (Reason.Value is { } reason) Skip = reason;
    }
}
