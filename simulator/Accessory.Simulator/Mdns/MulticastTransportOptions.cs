using System.Net.Sockets;

namespace Accessory.Simulator.Mdns;

/// <summary>Where and how <see cref="MulticastDatagramTransport"/> joins the mDNS groups.</summary>
public sealed class MulticastTransportOptions
{
    /// <summary>The interface to join on, by name (resolved in the namespace the sockets live in). Wins over <see cref="InterfaceIndex"/>.</summary>
    public string? InterfaceName { get; init; }

    /// <summary>The interface to join on, by index; 0 with no name lets the kernel pick (only sensible on a one-link namespace).</summary>
    public int InterfaceIndex { get; init; }

    public bool EnableIPv4 { get; init; } = true;

    public bool EnableIPv6 { get; init; } = true;

    /// <summary>5353 for mDNS; tests may use another port to stay clear of a responder they do not control.</summary>
    public int Port { get; init; } = MdnsAddresses.Port;

    /// <summary>
    /// Creates the UDP sockets; the default creates them in the caller's namespace. Pass
    /// <c>family =&gt; ns.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp)</c> to live inside a network namespace.
    /// </summary>
    public Func<AddressFamily, Socket>? SocketFactory { get; init; }
}
