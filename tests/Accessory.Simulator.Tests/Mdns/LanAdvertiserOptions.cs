using System.Net.Sockets;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>A shared responder's options for a host of a test LAN: its interface, sockets made inside its namespace, its addresses.</summary>
internal static class LanAdvertiserOptions
{
    public static SharedAdvertiserOptions For(LanHost host) => new()
    {
        Transport = new MulticastTransportOptions
        {
            InterfaceName = host.InterfaceName,
            SocketFactory = family => host.Namespace.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp),
        },
        Addresses = [host.IPv4, host.IPv6LinkLocal],
    };
}
