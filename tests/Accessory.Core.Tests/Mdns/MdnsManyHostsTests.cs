using Accessory.Core.Mdns;
using Accessory.Core.Ports;

namespace Accessory.Core.Tests.Mdns;

/// <summary>
/// One responder speaking for many hosts, each with its own service (a fleet behind one socket): who answers for
/// which name, answers split over packets, goodbyes on removal, and pre-encoded legacy answers that follow changes.
/// </summary>
public sealed class MdnsManyHostsTests
{
    private static readonly DatagramEndpoint LegacyQuerier = new(new byte[] { 192, 168, 7, 60 }, 40123);

    [Fact]
    public void Each_added_host_answers_for_its_own_name_and_its_service_points_at_it()
    {
        var bed = MdnsTestBed.EstablishedFleet(3);

        bed.Deliver(MdnsTestBed.Query("dev-1.local", DnsRecordType.A, id: 1), LegacyQuerier);
        bed.Deliver(MdnsTestBed.Query("Dev 2._accessory._tcp.local", DnsRecordType.Srv, id: 2), LegacyQuerier);

        var answers = bed.SentMessages().Select(m => m.Message).ToList();
        Assert.Equal(2, answers.Count);
        var a = Assert.IsType<DnsAddressRecord>(Assert.Single(answers[0].Answers.Cast<object>()));
        Assert.Equal("dev-1.local", a.Name.ToString());
        Assert.Equal(new byte[] { 10, 0, 0, 1 }, a.Address);
        var srv = Assert.IsType<DnsSrvRecord>(Assert.Single(answers[1].Answers.Cast<object>()));
        Assert.Equal(("dev-2.local", 9002), (srv.Target.ToString(), srv.Port));
        Assert.Contains(answers[1].Additionals.Cast<DnsRecord>(), r => r is DnsAddressRecord address && address.Name.ToString() == "dev-2.local");
        Assert.DoesNotContain(answers[1].Additionals.Cast<DnsRecord>(), r => r.Name.ToString() is "dev-1.local" or "lamp.local");
    }

    [Fact]
    public void A_browse_answer_for_300_instances_is_split_into_packets_that_fit_and_name_every_instance_once()
    {
        var bed = MdnsTestBed.EstablishedFleet(300);

        bed.Deliver(MdnsTestBed.Query("_accessory._tcp.local", DnsRecordType.Ptr));
        bed.Clock.Advance(200);

        var packets = bed.Transport.Sent.ToList();
        Assert.True(packets.Count > 1, "expected several packets");
        Assert.All(packets, p => Assert.True(p.Data.Length <= 1472, $"packet of {p.Data.Length} bytes"));
        var targets = packets.SelectMany(p => DnsMessage.Decode(p.Data).Answers.Cast<DnsRecord>()).OfType<DnsPtrRecord>().Select(r => r.Target.ToString()).ToList();
        Assert.Equal(300, targets.Count);
        Assert.Equal(300, targets.Distinct().Count());

        // Each packet carries the SRV of instances it names, not of others.
        foreach (var packet in packets.Select(p => DnsMessage.Decode(p.Data)))
        {
            var named = packet.Answers.Cast<DnsRecord>().OfType<DnsPtrRecord>().Select(r => r.Target.ToString()).ToHashSet();
            Assert.All(packet.Additionals.Cast<DnsRecord>().OfType<DnsSrvRecord>(), s => Assert.Contains(s.Name.ToString(), named));
        }
    }

    [Fact]
    public void Removing_a_host_says_goodbye_for_its_address_and_service_and_it_is_no_longer_answered()
    {
        var bed = MdnsTestBed.EstablishedFleet(3);

        bed.Responder.RemoveHost("dev-1");

        var goodbye = Assert.Single(bed.SentMessages()).Message;
        var records = goodbye.Answers.Cast<DnsRecord>().ToList();
        Assert.All(records, r => Assert.Equal(0u, r.Ttl));
        Assert.Contains(records, r => r is DnsAddressRecord && r.Name.ToString() == "dev-1.local");
        Assert.Contains(records, r => r is DnsSrvRecord && r.Name.ToString() == "Dev 1._accessory._tcp.local");
        Assert.DoesNotContain(records, r => r.Name.ToString().StartsWith("dev-2", StringComparison.Ordinal));
        bed.Transport.ClearSent();
        bed.Deliver(MdnsTestBed.Query("dev-1.local", DnsRecordType.A, id: 5), LegacyQuerier);
        Assert.Empty(bed.Transport.Sent);
        // The responder's own host and two devices remain.
        Assert.Equal((3, 2), (bed.Responder.HostCount, bed.Responder.ServiceCount));
    }

    [Fact]
    public void A_repeated_legacy_query_gets_its_own_id_and_after_a_txt_change_the_new_txt()
    {
        var bed = MdnsTestBed.EstablishedFleet(2);
        var query = MdnsTestBed.Query("Dev 1._accessory._tcp.local", DnsRecordType.Txt, id: 0x1111);

        bed.Deliver(query, LegacyQuerier);
        query.Id = 0x2222;
        bed.Deliver(query, LegacyQuerier);
        bed.Responder.UpdateTxt("Dev 1", MdnsService.TxtFromPairs(new[] { "state" }, new string?[] { "offline" }));
        bed.Transport.ClearSent();
        query.Id = 0x3333;
        bed.Deliver(query, LegacyQuerier);

        var after = Assert.Single(bed.SentMessages()).Message;
        Assert.Equal(0x3333, after.Id);
        Assert.Equal("state=offline", MdnsTestBed.Text(Assert.IsType<DnsTxtRecord>(Assert.Single(after.Answers.Cast<object>()))));
    }

    [Fact]
    public void Legacy_answers_cap_ttls_without_changing_what_multicast_answers_carry()
    {
        var bed = MdnsTestBed.EstablishedFleet(1);

        bed.Deliver(MdnsTestBed.Query("dev-0.local", DnsRecordType.A, id: 7), LegacyQuerier);
        bed.Deliver(MdnsTestBed.Query("dev-0.local", DnsRecordType.A, id: 8), LegacyQuerier);
        bed.Deliver(MdnsTestBed.Query("dev-0.local", DnsRecordType.A));

        var sent = bed.SentMessages();
        Assert.Equal(3, sent.Count);
        foreach (var legacy in sent.Take(2))
        {
            var record = Assert.Single(legacy.Message.Answers.Cast<DnsRecord>());
            Assert.Equal((10u, false), (record.Ttl, record.CacheFlush));
            Assert.Equal("dev-0.local", Assert.Single(legacy.Message.Questions.Cast<DnsQuestion>()).Name.ToString());
        }

        Assert.Equal(new[] { 7, 8 }, sent.Take(2).Select(s => s.Message.Id));
        var multicast = Assert.Single(sent[2].Message.Answers.Cast<DnsRecord>());
        Assert.Equal((120u, true), (multicast.Ttl, multicast.CacheFlush));
    }

    [Fact]
    public void Adding_a_host_or_service_twice_is_refused_with_the_name()
    {
        var bed = MdnsTestBed.EstablishedFleet(1);

        var host = Assert.Throws<ArgumentException>(() => bed.Responder.AddHost(new MdnsHostConfig("dev-0", new[] { new byte[] { 10, 0, 0, 9 } })));
        Assert.Contains("dev-0", host.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => bed.Responder.AddService(new MdnsService("Dev 9", "_accessory._tcp", 1, Array.Empty<byte[]>()), "no-such-host"));
        Assert.Throws<ArgumentException>(() => bed.Responder.RemoveHost("lamp"));
    }

    [Fact]
    public void A_long_browse_answer_still_going_out_when_an_instance_is_withdrawn_does_not_bring_it_back_after_its_goodbye()
    {
        var bed = MdnsTestBed.EstablishedFleet(300);
        bed.Deliver(MdnsTestBed.Query("_accessory._tcp.local", DnsRecordType.Ptr));

        // Up to the first burst of the paced answer (the shared-answer delay is 20-120 ms).
        for (int ms = 0; ms < 200 && bed.Transport.Sent.Count == 0; ms++)
        {
            bed.Clock.Advance(1);
        }

        var sentBefore = bed.SentMessages().SelectMany(m => m.Message.Answers.Cast<DnsRecord>()).OfType<DnsPtrRecord>().Select(r => r.Target.ToString()).ToHashSet();
        Assert.NotEmpty(sentBefore);
        int victim = Enumerable.Range(0, 300).First(i => !sentBefore.Contains("Dev " + i + "._accessory._tcp.local"));
        bed.Transport.ClearSent();

        bed.Responder.RemoveHost("dev-" + victim);
        bed.Clock.Advance(2000);

        var after = bed.SentMessages().Select(m => m.Message).ToList();
        Assert.Contains(after, m => m.Answers.Cast<DnsRecord>().Any(r => r.Ttl == 0 && r.Name.ToString() == "dev-" + victim + ".local"));
        var revived = after.SelectMany(m => m.Answers.Cast<DnsRecord>().Concat(m.Additionals.Cast<DnsRecord>()))
            .Where(r => r.Ttl > 0 && (r.Name.ToString() == "dev-" + victim + ".local" || r.Name.ToString() == "Dev " + victim + "._accessory._tcp.local" || (r is DnsPtrRecord p && p.Target.ToString() == "Dev " + victim + "._accessory._tcp.local")))
            .ToList();
        Assert.Empty(revived);
    }

    [Fact]
    public void A_long_browse_answer_still_going_out_when_a_txt_changes_never_sends_the_old_txt_after_the_new_one()
    {
        var bed = MdnsTestBed.EstablishedFleet(300);
        bed.Deliver(MdnsTestBed.Query("_accessory._tcp.local", DnsRecordType.Ptr));
        for (int ms = 0; ms < 200 && bed.Transport.Sent.Count == 0; ms++)
        {
            bed.Clock.Advance(1);
        }

        var sentBefore = bed.SentMessages().SelectMany(m => m.Message.Answers.Cast<DnsRecord>()).OfType<DnsPtrRecord>().Select(r => r.Target.ToString()).ToHashSet();
        int changed = Enumerable.Range(0, 300).First(i => !sentBefore.Contains("Dev " + i + "._accessory._tcp.local"));
        bed.Transport.ClearSent();

        bed.Responder.UpdateTxt("Dev " + changed, MdnsService.TxtFromPairs(new[] { "id", "state" }, new string?[] { "D" + changed, "connecting" }));
        bed.Clock.Advance(2000);

        var txts = bed.SentMessages().SelectMany(m => m.Message.Answers.Cast<DnsRecord>().Concat(m.Message.Additionals.Cast<DnsRecord>()))
            .OfType<DnsTxtRecord>().Where(t => t.Name.ToString() == "Dev " + changed + "._accessory._tcp.local").Select(MdnsTestBed.Text).ToList();
        Assert.NotEmpty(txts);
        Assert.All(txts, t => Assert.Contains("state=connecting", t, StringComparison.Ordinal));
    }

    [Fact]
    public void Hearing_its_own_old_txt_after_a_change_is_not_taken_for_a_conflict()
    {
        var bed = MdnsTestBed.EstablishedFleet(2);
        var oldTxt = new DnsTxtRecord(DnsName.Parse("Dev 1._accessory._tcp.local"), MdnsService.TxtFromPairs(new[] { "id", "state" }, new string?[] { "D1", "online" }), 4500) { CacheFlush = true };
        bed.Responder.UpdateTxt("Dev 1", MdnsService.TxtFromPairs(new[] { "id", "state" }, new string?[] { "D1", "connecting" }));
        var conflicts = new List<string>();
        bed.Responder.ConflictDetected += conflicts.Add;

        // The announcement of the old TXT comes back (multicast loop) after the change, once per family.
        var echo = new DnsMessage { IsResponse = true };
        echo.Answers.Add(oldTxt);
        bed.Deliver(echo);
        bed.Deliver(echo);
        bed.Clock.Advance(3000);

        // A copy heard much later (a loaded host's queues, caches) is still ours while caches may hold it.
        bed.Clock.Advance(30_000);
        bed.Deliver(echo);
        bed.Clock.Advance(3000);

        Assert.Empty(conflicts);
        Assert.Equal("Dev 1", bed.Responder.GetInstanceName("Dev 1"));
    }
}
