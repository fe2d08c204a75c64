using System.Net.NetworkInformation;
using System.Net.Sockets;
using Accessory.Simulator.Mdns;

namespace Accessory.Simulator.Fleet;

/// <summary>Turns the interface name a fleet is told to advertise on into the shared advertiser's options, or a clear error.</summary>
public static class FleetMdnsInterface
{
    /// <summary>
    /// Looks <paramref name="name"/> up among this namespace's interfaces; its IPv4 and IPv6 link-local addresses
    /// become every device's A/AAAA records.
    /// </summary>
    /// <param name="what">How the user named it, for the error: "--mdns-interface" or "lab.yaml:4: mdns interface".</param>
    /// <exception cref="ArgumentException">No such interface, or it has no usable address.</exception>
    public static SharedAdvertiserOptions Resolve(string name, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var all = NetworkInterface.GetAllNetworkInterfaces();
        var nic = all.FirstOrDefault(n => n.Name == name)
            ?? throw new ArgumentException($"{what}: there is no network interface named '{name}' (here: {string.Join(", ", all.Select(n => n.Name).Order(StringComparer.Ordinal))})");
        var addresses = nic.GetIPProperties().UnicastAddresses
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork || a.IsIPv6LinkLocal)
            .OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
            .ToList();
        if (addresses.Count == 0)
        {
            throw new ArgumentException($"{what}: interface '{name}' has no IPv4 or IPv6 link-local address to advertise");
        }

        return new SharedAdvertiserOptions
        {
            Transport = new MulticastTransportOptions
            {
                InterfaceName = name,
                EnableIPv4 = addresses.Any(a => a.AddressFamily == AddressFamily.InterNetwork),
                EnableIPv6 = addresses.Any(a => a.AddressFamily == AddressFamily.InterNetworkV6),
            },
            Addresses = addresses,
        };
    }
}
