using Accessory.Core.Mdns;

namespace Accessory.Core.Tests.Mdns;

/// <summary>
/// Goodbyes are paced by the responder itself (so the firmware body behaves like the simulator's fleet): at most 8
/// packets per 10 ms tick, every withdrawn record sent once with TTL 0, and a stop that completes after the last one.
/// </summary>
public sealed class MdnsGoodbyePacingTests
{
    private const int PacketsPerTick = 8;
    private const int Tick = 10;

    [Fact]
    public void Withdrawing_300_hosts_one_by_one_sends_at_most_8_goodbye_packets_per_tick_and_each_instance_once()
    {
        var bed = MdnsTestBed.EstablishedFleet(300);

        for (int i = 0; i < 300; i++)
        {
            bed.Responder.RemoveHost("dev-" + i);
        }

        // Removing does not block: at most a batch is out, the rest (one packet per instance) waits for the clock.
        int first = bed.Transport.Sent.Count;
        Assert.InRange(first, 1, PacketsPerTick);
        Assert.Equal(300 - first, bed.Responder.PendingGoodbyes);
        Drain(bed);

        AssertPaced(bed);
        var goodbyes = bed.SentMessages().Select(m => m.Message).ToList();
        var ptrTargets = Records(goodbyes).OfType<DnsPtrRecord>().Where(r => r.Name.ToString() == "_accessory._tcp.local").Select(r => r.Target.ToString()).ToList();
        Assert.Equal(Enumerable.Range(0, 300).Select(i => "Dev " + i + "._accessory._tcp.local").OrderBy(n => n), ptrTargets.OrderBy(n => n));
        Assert.All(Records(goodbyes), r => Assert.Equal(0u, r.Ttl));
        var addresses = Records(goodbyes).OfType<DnsAddressRecord>().Select(r => r.Name.ToString()).ToList();
        Assert.Equal(300, addresses.Count);
        Assert.Equal(300, addresses.Distinct().Count());
        Assert.Equal((1, 0), (bed.Responder.HostCount, bed.Responder.ServiceCount));
    }

    [Fact]
    public void Stop_with_300_hosts_sends_every_record_once_paced_and_completes_with_nothing_pending()
    {
        var bed = MdnsTestBed.EstablishedFleet(300);

        bed.Responder.Stop();

        Assert.False(bed.Responder.IsRunning);
        Assert.True(bed.Responder.PendingGoodbyes > 0, "a fleet's goodbyes should not all go out in Stop's burst");
        Assert.Equal(PacketsPerTick, bed.Transport.Sent.Count);
        Drain(bed);

        AssertPaced(bed);
        var records = Records(bed.SentMessages().Select(m => m.Message)).ToList();
        Assert.All(records, r => Assert.Equal(0u, r.Ttl));
        // Every host's address, every instance's PTR, SRV and TXT, each exactly once.
        var keys = records.Select(r => r.Type + " " + r.Name + (r is DnsPtrRecord p ? " -> " + p.Target : string.Empty)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        for (int i = 0; i < 300; i++)
        {
            Assert.Contains(DnsRecordType.A + " dev-" + i + ".local", keys);
            Assert.Contains(DnsRecordType.Srv + " Dev " + i + "._accessory._tcp.local", keys);
            Assert.Contains(DnsRecordType.Txt + " Dev " + i + "._accessory._tcp.local", keys);
            Assert.Contains(DnsRecordType.Ptr + " _accessory._tcp.local -> Dev " + i + "._accessory._tcp.local", keys);
        }

        // Nothing more once drained: the ticking stops.
        int sent = bed.Transport.Sent.Count;
        bed.Clock.Advance(5000);
        Assert.Equal(sent, bed.Transport.Sent.Count);
    }

    [Fact]
    public void A_single_accessory_says_all_its_goodbyes_within_stop()
    {
        var bed = new MdnsTestBed();
        bed.Establish();

        bed.Responder.Stop();

        Assert.Equal(0, bed.Responder.PendingGoodbyes);
        var records = Records(bed.SentMessages().Select(m => m.Message)).ToList();
        Assert.Contains(records, r => r is DnsPtrRecord p && p.Target.ToString() == "Lamp._accessory._tcp.local" && r.Ttl == 0);
        Assert.Contains(records, r => r is DnsAddressRecord && r.Name.ToString() == "lamp.local" && r.Ttl == 0);
    }

    [Fact]
    public void Starting_again_while_goodbyes_wait_sends_them_before_the_first_probe()
    {
        var bed = MdnsTestBed.EstablishedFleet(100);
        bed.Responder.Stop();
        Assert.True(bed.Responder.PendingGoodbyes > 0);

        bed.Responder.Start();

        Assert.Equal(0, bed.Responder.PendingGoodbyes);
        var messages = bed.SentMessages().Select(m => m.Message).ToList();
        int firstProbe = messages.FindIndex(m => !m.IsResponse);
        int lastGoodbye = messages.FindLastIndex(m => m.IsResponse && m.Answers.Cast<DnsRecord>().Any(r => r.Ttl == 0));
        Assert.True(lastGoodbye >= 0);
        Assert.True(firstProbe < 0 || lastGoodbye < firstProbe, $"goodbye #{lastGoodbye} after probe #{firstProbe}");
    }

    private static void Drain(MdnsTestBed bed)
    {
        for (int ms = 0; ms < 10_000 && bed.Responder.PendingGoodbyes > 0; ms++)
        {
            bed.Clock.Advance(1);
        }

        Assert.Equal(0, bed.Responder.PendingGoodbyes);
    }

    // No window of one tick holds more than a batch.
    private static void AssertPaced(MdnsTestBed bed)
    {
        var times = bed.Transport.Sent.Select(s => s.AtMilliseconds).ToList();
        foreach (long start in times.Distinct())
        {
            int inWindow = times.Count(t => t >= start && t < start + Tick);
            Assert.True(inWindow <= PacketsPerTick, $"{inWindow} goodbye packets within {Tick} ms from {start} ms");
        }
    }

    private static IEnumerable<DnsRecord> Records(IEnumerable<DnsMessage> messages) =>
        messages.SelectMany(m => m.Answers.Cast<DnsRecord>().Concat(m.Additionals.Cast<DnsRecord>()));
}
