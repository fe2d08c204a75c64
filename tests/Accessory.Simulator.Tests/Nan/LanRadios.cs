using System.Net.Sockets;
using Accessory.Simulator.Nan;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Tests.Nan;

/// <summary>Opens NAN radios inside the hosts of a test LAN (never on the machine's own interfaces).</summary>
internal static class LanRadios
{
    public static UdpNanRadio Open(LanHost host, double loss = 0, int seed = 1, int latencyMilliseconds = 0) =>
        UdpNanRadio.Open(new UdpNanRadioOptions
        {
            InterfaceName = host.InterfaceName,
            LossProbability = loss,
            LossSeed = seed,
            LatencyMilliseconds = latencyMilliseconds,
            SocketFactory = family => host.Namespace.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp),
        });
}
