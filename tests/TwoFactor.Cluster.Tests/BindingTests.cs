using System.Globalization;
using System.Net;

namespace TwoFactor.Cluster.Tests;

/// <summary>
/// Cluster endpoints listen on the configured interface only: `run` opens no port at all (one process, no
/// remoting), a coordinator listens on 127.0.0.1 by default and on exactly the --hostname it is given.
/// Read from the kernel's socket table (/proc), not from what the program says it does.
/// </summary>
public sealed class BindingTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The TCP sockets in LISTEN state that process <paramref name="pid"/> holds.</summary>
    private static List<IPEndPoint> Listening(int pid)
    {
        var inodes = new HashSet<string>();
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            var target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)) inodes.Add(target[8..^1]);
        }
        var endpoints = new List<IPEndPoint>();
        foreach (var table in new[] { $"/proc/{pid}/net/tcp", $"/proc/{pid}/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f[3] != "0A" || !inodes.Contains(f[9])) continue; // 0A: LISTEN
                var (hex, port) = (f[1].Split(':')[0], int.Parse(f[1].Split(':')[1], NumberStyles.HexNumber));
                var bytes = Convert.FromHexString(hex);
                // /proc prints each 32-bit word of the address in host (little-endian) order.
                for (int i = 0; i < bytes.Length; i += 4) Array.Reverse(bytes, i, 4);
                var address = new IPAddress(bytes);
                // DotNetty binds a dual-mode socket: ::ffff:127.0.0.1 is still 127.0.0.1 only.
                endpoints.Add(new IPEndPoint(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, port));
            }
        }
        return endpoints;
    }

    [Fact]
    public void Run_opens_no_port_and_a_coordinator_listens_only_on_its_hostname()
    {
        if (!OperatingSystem.IsLinux()) return;
        var spec = TestSweeps.Write(_temp.Path, "bind", seeds: 400, maxEpochs: 2000);
        using (var run = CliProcess.Start(_temp.Path, "run", spec, "--results", Path.Combine(_temp.Path, "r"), "--workers", "1"))
        {
            Poll.Until(() => run.Out.Contains("progress:") || run.HasExited, TimeSpan.FromSeconds(60), "the run's first progress line");
            Assert.False(run.HasExited, run.Out + run.Err);
            Assert.Empty(Listening(run.Id));
        }

        foreach (var hostname in new[] { (string?)null, "127.0.0.2" })
        {
            int port = FreePort.Next();
            var args = new List<string> { "coordinator", spec, "--port", port.ToString(), "--results", Path.Combine(_temp.Path, "c") };
            if (hostname is not null) args.AddRange(["--hostname", hostname]);
            using var coordinator = SweepCli.StartCoordinator(_temp.Path, args.ToArray());
            var endpoint = Assert.Single(Listening(coordinator.Id));
            Assert.Equal(new IPEndPoint(IPAddress.Parse(hostname ?? "127.0.0.1"), port), endpoint);
        }
    }
}
