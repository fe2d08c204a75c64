using System.Net;
using System.Net.Sockets;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Net;

using Accessory.Simulator.Mdns.Reference;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>Our transport next to avahi-daemon, the responder most Linux hosts already run on port 5353.</summary>
public sealed class AvahiCoexistenceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [ZeroconfFact(NeedsAvahi = true)]
    public void Transport_shares_port_5353_with_avahi_and_both_hear_a_query()
    {
        using var lan = LanSegment.Create("dev", "phone");
        using var avahi = AvahiResponder.Start(lan["dev"], "share-avahi", ("Shared Lamp", "_acctest._tcp", 8080, ["k=v"]));
        using var ours = LanTransports.Open(lan["dev"]);
        using var inbox = new DatagramInbox();
        inbox.Attach(ours);

        var result = MdnsQueryLoad.Run(new MdnsQueryLoadOptions
        {
            ServiceType = "_acctest._tcp.local",
            QueryCount = 1,
            AnswerTimeout = Patience,
            InterfaceName = lan["phone"].InterfaceName,
            SocketFactory = family => lan["phone"].Namespace.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp),
        });

        Assert.True(result.Answered == 1, "avahi did not answer: " + result + "\n" + avahi.Log);
        var source = inbox.WaitFor(MdnsQueryPacket.PtrQuery(1, "_acctest._tcp.local"), Patience);
        Assert.NotNull(source);
        Assert.Equal(lan["phone"].IPv4, new IPAddress(source.Address));
    }

    [ZeroconfFact(NeedsAvahi = true)]
    public void Transport_on_the_phone_hears_avahis_multicast_announcements_on_both_families()
    {
        using var lan = LanSegment.Create("dev", "phone");
        using var phone = LanTransports.Open(lan["phone"]);
        bool ipv4 = false;
        bool ipv6 = false;
        using var both = new ManualResetEventSlim();
        phone.Received += (data, source) =>
        {
            // Unsolicited responses (announcements) from the device's addresses.
            if (MdnsQueryPacket.AnsweredResponseId(data) == 0)
            {
                if (source.IsIPv6 && new IPAddress(source.Address).Equals(lan["dev"].IPv6LinkLocal))
                {
                    Volatile.Write(ref ipv6, true);
                }
                else if (!source.IsIPv6 && new IPAddress(source.Address).Equals(lan["dev"].IPv4))
                {
                    Volatile.Write(ref ipv4, true);
                }

                if (Volatile.Read(ref ipv4) && Volatile.Read(ref ipv6))
                {
                    both.Set();
                }
            }
        };

        using var avahi = AvahiResponder.Start(lan["dev"], "announce-avahi", ("Announcing Lamp", "_acctest._tcp", 8080, ["k=v"]));

        Assert.True(both.Wait(Patience), $"announcements seen: IPv4 {ipv4}, IPv6 {ipv6}\n{avahi.Log}");
    }
}
