using Accessory.Core.Mdns;
using Accessory.Core.Ports;

namespace Accessory.Core.Tests.Mdns;

/// <summary>
/// A repeated plain legacy query is answered from the pre-encoded packet without allocating: at 5,000 queries/s
/// a copy per answer meant a gen0 GC every second or so, each one a pause every waiting query sits through.
/// </summary>
public sealed class MdnsCachedAnswerAllocationTests
{
    private const int Queries = 10_000;
    private static readonly DatagramEndpoint LegacyQuerier = new(new byte[] { 192, 168, 7, 60 }, 40123);

    [Fact]
    public void Cached_legacy_answers_allocate_nothing_and_each_carries_its_querys_id()
    {
        var clock = new ManualClock();
        var transport = new IdCheckingTransport();
        var responder = new MdnsResponder(transport, clock, new SeededRandom(1), new RecordingLog(), new MdnsHostConfig("lamp", new[] { MdnsTestBed.HostAddress }));
        responder.AddService(new MdnsService("Lamp", "_accessory._tcp", 8080, MdnsService.TxtFromPairs(new[] { "id" }, new string?[] { "A1" }), Array.Empty<string>()));
        responder.Start();
        clock.Advance(3000);
        Assert.True(responder.IsEstablished);

        byte[] query = MdnsTestBed.Query("_accessory._tcp.local", DnsRecordType.Ptr, id: 1).Encode();
        transport.Deliver(query, LegacyQuerier); // encodes the answer and keeps it
        transport.Deliver(query, LegacyQuerier); // first answer from the cache (JIT of that path)
        transport.Sends = 0;

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Queries; i++)
        {
            query[0] = (byte)(i >> 8);
            query[1] = (byte)i;
            transport.Deliver(query, LegacyQuerier);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(Queries, transport.Sends);
        Assert.Equal(0, transport.WrongIds);
        Assert.True(allocated < Queries, $"{allocated} bytes allocated for {Queries} cached answers ({(double)allocated / Queries:0.#} per answer)");
    }

    /// <summary>Counts answers and checks each echoes the id of the query being handled; allocates nothing itself.</summary>
    private sealed class IdCheckingTransport : IDatagramTransport
    {
        private byte[] _query = Array.Empty<byte>();

        public event DatagramReceived? Received;

        public int Sends { get; set; }

        public int WrongIds { get; private set; }

        public void Deliver(byte[] data, DatagramEndpoint source)
        {
            _query = data;
            Received?.Invoke(data, source);
        }

        public void SendMulticast(byte[] data, bool ipv6)
        {
        }

        public void SendUnicast(byte[] data, DatagramEndpoint destination)
        {
            Sends++;
            if (data.Length < 12 || data[0] != _query[0] || data[1] != _query[1] || (data[2] & 0x80) == 0 || data[7] == 0)
            {
                WrongIds++;
            }
        }
    }
}
