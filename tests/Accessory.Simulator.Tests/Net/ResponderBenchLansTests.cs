using System.Net.Sockets;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Tests.Net;

/// <summary>
/// `bench mdns` layouts: by default a multicast query from one responder's client reaches that responder's host and not
/// the other's; with the shared LAN it reaches both. Real multicast datagrams between test namespaces.
/// </summary>
public sealed class ResponderBenchLansTests
{
    [NamespaceFact]
    public void By_default_a_query_for_one_responder_never_reaches_the_other()
    {
        using var lans = ResponderBenchLans.Create(shared: false);
        Assert.False(lans.Shared);
        var (ours, avahi) = Deliver(lans, lans.AvahiClient);
        Assert.Equal((0, 1), (ours, avahi));
        (ours, avahi) = Deliver(lans, lans.OursClient);
        Assert.Equal((1, 0), (ours, avahi));
    }

    [NamespaceFact]
    public void On_the_shared_lan_every_query_reaches_both_responders()
    {
        using var lans = ResponderBenchLans.Create(shared: true);
        Assert.True(lans.Shared);
        Assert.Equal(lans.OursClient.Namespace.Name, lans.AvahiClient.Namespace.Name);
        Assert.Equal((1, 1), Deliver(lans, lans.AvahiClient));
    }

    /// <summary>One multicast datagram to the mDNS group from <paramref name="client"/>: how many each responder host got.</summary>
    private static (int Ours, int Avahi) Deliver(ResponderBenchLans lans, LanHost client)
    {
        int ours = 0;
        int avahi = 0;
        using var oursListener = Listen(lans.Ours, () => Interlocked.Increment(ref ours));
        using var avahiListener = Listen(lans.Avahi, () => Interlocked.Increment(ref avahi));
        using var sender = Listen(client, () => { });
        sender.SendMulticast(new byte[] { 1, 2, 3 }, ipv6: false);

        // Both listeners joined the group before the send: a datagram that reaches a host arrives well within this.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (DateTime.UtcNow < deadline && !(Volatile.Read(ref ours) > 0 && Volatile.Read(ref avahi) > 0))
        {
            Thread.Sleep(20);
        }

        return (Volatile.Read(ref ours), Volatile.Read(ref avahi));
    }

    private static MulticastDatagramTransport Listen(LanHost host, Action received)
    {
        var transport = MulticastDatagramTransport.Open(new MulticastTransportOptions
        {
            InterfaceName = host.InterfaceName,
            EnableIPv6 = false,
            SocketFactory = family => host.Namespace.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp),
        });
        transport.Received += (_, _) => received();
        return transport;
    }
}
