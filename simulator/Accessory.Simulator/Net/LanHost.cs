using System.Net;

namespace Accessory.Simulator.Net;

/// <summary>One machine on a <see cref="LanSegment"/>: its own namespace with one link, <see cref="InterfaceName"/>, on the segment.</summary>
public sealed class LanHost
{
    internal LanHost(string role, NetworkNamespace ns, string interfaceName, IPAddress ipv4, IPAddress ipv6LinkLocal)
    {
        Role = role;
        Namespace = ns;
        InterfaceName = interfaceName;
        IPv4 = ipv4;
        IPv6LinkLocal = ipv6LinkLocal;
    }

    public string Role { get; }

    public NetworkNamespace Namespace { get; }

    /// <summary>The same name in every host; namespaces keep them apart.</summary>
    public string InterfaceName { get; }

    public IPAddress IPv4 { get; }

    /// <summary>A fixed fe80:: address, usable at once (no duplicate detection delay).</summary>
    public IPAddress IPv6LinkLocal { get; }
}
