using Accessory.Core.Mdns;
using Accessory.Core.Ports;
using Accessory.Core.Text;

namespace Accessory.Core.Tests.Mdns;

/// <summary>One responder on a recording fake transport, with helpers to build queries and read what it sent.</summary>
internal sealed class MdnsTestBed
{
    public static readonly byte[] HostAddress = { 192, 168, 7, 1 };
    public static readonly DatagramEndpoint Querier = new(new byte[] { 192, 168, 7, 50 }, 5353);

    public MdnsTestBed(int seed = 1, byte[][]? addresses = null, bool withService = true)
    {
        Transport = new FakeDatagramTransport(Clock, HostAddress);
        Responder = new MdnsResponder(Transport, Clock, new SeededRandom(seed), Log, new MdnsHostConfig("lamp", addresses ?? new[] { HostAddress }));
        if (withService)
        {
            Responder.AddService(new MdnsService("Lamp", "_accessory._tcp", 8080, MdnsService.TxtFromPairs(new[] { "id", "state" }, new string?[] { "A1", "online" }), new[] { "_printer" }));
        }
    }

    public ManualClock Clock { get; } = new();

    public RecordingLog Log { get; } = new();

    public FakeDatagramTransport Transport { get; }

    public MdnsResponder Responder { get; }

    public static DnsMessage Query(string name, int type, bool unicast = false, int id = 0)
    {
        var query = new DnsMessage { Id = id };
        query.Questions.Add(new DnsQuestion(DnsName.Parse(name), type, unicast));
        return query;
    }

    public static DnsRecord[] Records(DnsMessage message, System.Collections.ArrayList section) => section.Cast<DnsRecord>().ToArray();

    public static string Text(DnsTxtRecord txt) => string.Join(",", Enumerable.Range(0, txt.Count).Select(i => Utf8.Decode(txt.GetString(i))));

    /// <summary>Starts and runs the clock until probing and both announcements are over, then forgets what was sent.</summary>
    /// <summary>A fleet on one responder: <paramref name="count"/> hosts dev-N with a service "Dev N" each, established.</summary>
    public static MdnsTestBed EstablishedFleet(int count)
    {
        var bed = new MdnsTestBed(withService: false);
        bed.AddFleet(count);
        bed.Establish();
        return bed;
    }

    /// <summary>Adds hosts dev-N (address 10.0.N/256.N%256) with a service "Dev N" (id DN, online) each.</summary>
    public void AddFleet(int count)
    {
        for (int i = 0; i < count; i++)
        {
            Responder.AddHost(new MdnsHostConfig("dev-" + i, new[] { new byte[] { 10, 0, (byte)(i / 256), (byte)(i % 256) } }));
            Responder.AddService(
                new MdnsService("Dev " + i, "_accessory._tcp", 9000 + i, MdnsService.TxtFromPairs(new[] { "id", "state" }, new string?[] { "D" + i, "online" })),
                "dev-" + i);
        }
    }

    public void Establish()
    {
        Responder.Start();
        Clock.Advance(3000);
        Assert.True(Responder.IsEstablished);
        Transport.ClearSent();
    }

    public void Deliver(DnsMessage message, DatagramEndpoint? source = null) => Transport.Deliver(message.Encode(), source ?? Querier);

    public List<(SentDatagram Sent, DnsMessage Message)> SentMessages() =>
        Transport.Sent.Select(s => (s, DnsMessage.Decode(s.Data))).ToList();
}
