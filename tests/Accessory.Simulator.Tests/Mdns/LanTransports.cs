using System.Net.Sockets;
using Accessory.Core.Ports;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>Opens mDNS transports inside the hosts of a test LAN (never on the machine's own interfaces).</summary>
internal static class LanTransports
{
    public static MulticastDatagramTransport Open(LanHost host, bool ipv4 = true, bool ipv6 = true, ILog? log = null) =>
        MulticastDatagramTransport.Open(new MulticastTransportOptions
        {
            InterfaceName = host.InterfaceName,
            EnableIPv4 = ipv4,
            EnableIPv6 = ipv6,
            SocketFactory = family => host.Namespace.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp),
        },
        log);
}
