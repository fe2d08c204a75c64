using System.Net;
using System.Net.Sockets;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Net;
using Accessory.TestKit;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>
/// With <see cref="MulticastTransportOptions.LendReceivedData"/> the receive loop allocates nothing per datagram
/// once a length repeats (what the advertisers use): real datagrams over a test LAN, allocation read on the
/// transport's own receive thread from one datagram to the next.
/// </summary>
public sealed class MulticastTransportAllocationTests
{
    private const int Datagrams = 2000;
    private const int Settled = 200;

    [NamespaceFact]
    public void A_lending_transport_allocates_nothing_per_datagram_and_hands_each_datagrams_own_bytes()
    {
        using var lan = LanSegment.Create("dev", "phone");
        var host = lan["dev"];
        using var device = MulticastDatagramTransport.Open(new MulticastTransportOptions
        {
            InterfaceName = host.InterfaceName,
            EnableIPv6 = false,
            LendReceivedData = true,
            SocketFactory = family => host.Namespace.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp),
        });
        var allocatedAt = new long[Datagrams];
        int received = 0;
        int wrongBytes = 0;
        using var done = new ManualResetEventSlim();
        device.Received += (data, source) =>
        {
            int n = received;
            if (n >= Datagrams)
            {
                return;
            }

            allocatedAt[n] = GC.GetAllocatedBytesForCurrentThread();
            if (data.Length != 64 || data[0] != (byte)(n >> 8) || data[1] != (byte)n || data[63] != 0x5A)
            {
                wrongBytes++;
            }

            received = n + 1;
            if (n + 1 == Datagrams)
            {
                done.Set();
            }
        };

        using var phone = lan["phone"].Namespace.CreateSocketIn(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        NumberedBurst.Send(phone, new IPEndPoint(host.IPv4, MdnsAddresses.Port), Datagrams, 64, 0x5A);

        Assert.True(done.Wait(TimeSpan.FromSeconds(20)), $"{Volatile.Read(ref received)} of {Datagrams} datagrams arrived");
        Assert.Equal(0, wrongBytes);
        long allocated = allocatedAt[Datagrams - 1] - allocatedAt[Settled];
        int counted = Datagrams - 1 - Settled;
        Assert.True(allocated < counted, $"{allocated} bytes allocated by the receive thread over {counted} datagrams ({(double)allocated / counted:0.#} per datagram)");
    }
}
