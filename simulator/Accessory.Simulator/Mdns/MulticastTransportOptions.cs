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
    /// Hands <see cref="MulticastDatagramTransport.Received"/> handlers the same array again for every datagram of the
    /// same length (a querier repeats its query) instead of a new one per datagram. Only for handlers that keep
    /// nothing of it once they return, as the core's MdnsResponder (it copies what it keeps); the advertisers set it.
    /// Default false: every datagram gets its own array.
    /// </summary>
    public bool LendReceivedData { get; init; }

    /// <summary>
    /// Creates the UDP sockets; the default creates them in the caller's namespace. Pass
    /// <c>family =&gt; ns.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp)</c> to live inside a network namespace.
    /// </summary>
    public Func<AddressFamily, Socket>? SocketFactory { get; init; }

    /// <summary>These options with <see cref="LendReceivedData"/> set (for a transport that feeds a responder only).</summary>
    internal MulticastTransportOptions Lending() => new()
    {
        InterfaceName = InterfaceName,
        InterfaceIndex = InterfaceIndex,
        EnableIPv4 = EnableIPv4,
        EnableIPv6 = EnableIPv6,
        Port = Port,
        SocketFactory = SocketFactory,
        LendReceivedData = true,
    };
}
