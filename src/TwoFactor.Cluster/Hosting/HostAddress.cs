using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace TwoFactor.Cluster.Hosting;

/// <summary>
/// `--public-hostname auto`: the address other nodes reach this one by, when nothing outside the process knows it
/// in advance (scaled container replicas share one command line). It is the first IPv4 address of an interface
/// that is up and not loopback, which is the container's address on its network.
/// </summary>
public static class HostAddress
{
    public const string Auto = "auto";

    /// <summary>The address, or null when this host has no non-loopback IPv4 address.</summary>
    public static string? Detect() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?.ToString();
}
