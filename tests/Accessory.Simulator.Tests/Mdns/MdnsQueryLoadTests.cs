using System.Buffers.Binary;
using System.Net.Sockets;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Net;

using Accessory.Simulator.Mdns.Reference;

namespace Accessory.Simulator.Tests.Mdns;

public sealed class MdnsQueryLoadTests
{
    [NamespaceFact]
    public void Load_matches_unicast_answers_by_id_and_counts_the_queries_left_unanswered()
    {
        using var lan = LanSegment.Create("dev", "phone");
        using var responder = LanTransports.Open(lan["dev"], ipv6: false);
        int queriesSeen = 0;

        // A stand-in responder: answers odd ids only, by unicast to the querier's port, as legacy unicast requires.
        responder.Received += (data, source) =>
        {
            if (data.Length < 12 || (data[2] & 0x80) != 0)
            {
                return;
            }

            Interlocked.Increment(ref queriesSeen);
            ushort id = BinaryPrimitives.ReadUInt16BigEndian(data);
            if (id % 2 == 1)
            {
                byte[] answer = [data[0], data[1], 0x84, 0x00, 0, 0, 0, 1, 0, 0, 0, 0];
                responder.SendUnicast(answer, source);
            }
        };

        var result = MdnsQueryLoad.Run(LoadOptions(lan["phone"], 20, TimeSpan.FromSeconds(2)));

        Assert.Equal(20, result.Sent);
        Assert.Equal(10, result.Answered);
        Assert.Equal(10, result.Unanswered);
        Assert.Equal(0, result.StrayResponses);
        Assert.Equal(20, Volatile.Read(ref queriesSeen));
        Assert.False(double.IsNaN(result.P99Milliseconds));
        Assert.True(result.P50Milliseconds <= result.P99Milliseconds);

        // The kernel stamped each answer on arrival: after it was sent, and no later than the generator read it.
        Assert.True(result.ArrivalP50Milliseconds > 0 && result.ArrivalP50Milliseconds <= result.ArrivalP99Milliseconds, result.ToString());
        Assert.True(result.ArrivalP99Milliseconds <= result.P99Milliseconds + 0.05, result.ToString());
    }

    [ZeroconfFact(NeedsAvahi = true)]
    public void Avahi_answers_every_legacy_unicast_ptr_query_of_a_bounded_load()
    {
        using var lan = LanSegment.Create("dev", "phone");
        using var avahi = AvahiResponder.Start(lan["dev"], "load-avahi", ("Load Lamp", "_acctest._tcp", 8080, ["k=v"]));

        var result = MdnsQueryLoad.Run(LoadOptions(lan["phone"], 30, TimeSpan.FromSeconds(3)));

        Assert.True(result.Answered == 30, result + "\n" + avahi.Log);
        Assert.Equal(0, result.StrayResponses);
    }

    private static MdnsQueryLoadOptions LoadOptions(LanHost phone, int count, TimeSpan timeout) => new()
    {
        ServiceType = "_acctest._tcp.local",
        QueryCount = count,
        QueriesPerSecond = 200,
        AnswerTimeout = timeout,
        InterfaceName = phone.InterfaceName,
        SocketFactory = family => phone.Namespace.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp),
    };
}
