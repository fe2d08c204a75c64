using Accessory.Core.Mdns;
using Accessory.Core.Ports;

namespace Accessory.Core.Tests.Mdns;

public sealed class MdnsResponderTests
{
    [Fact]
    public void Probes_three_times_250_ms_apart_after_a_random_start_delay_with_records_in_authority()
    {
        var bed = new MdnsTestBed(seed: 9, withService: false);
        bed.Responder.Start();
        bed.Clock.Advance(740);
        Assert.False(bed.Responder.IsEstablished);
        var probes = bed.SentMessages().Where(m => !m.Message.IsResponse).ToList();

        Assert.Equal(3, probes.Count);
        long first = probes[0].Sent.AtMilliseconds;
        Assert.InRange(first, 0, 250);
        Assert.Equal(new[] { first, first + 250, first + 500 }, probes.Select(p => p.Sent.AtMilliseconds));
        var questions = probes.Select(p => (DnsQuestion)Assert.Single(p.Message.Questions.Cast<object>())).ToList();
        Assert.All(questions, q => Assert.Equal("lamp.local", q.Name.ToString()));
        Assert.All(questions, q => Assert.Equal(DnsRecordType.Any, q.Type));
        Assert.Equal(new[] { true, false, false }, questions.Select(q => q.UnicastResponse));
        var proposed = Assert.IsType<DnsAddressRecord>(Assert.Single(probes[0].Message.Authorities.Cast<object>()));
        Assert.Equal(MdnsTestBed.HostAddress, proposed.Address);
        Assert.False(proposed.CacheFlush);
        Assert.All(probes, p => Assert.True(p.Sent.Multicast && !p.Sent.IPv6));
    }

    [Fact]
    public void Announces_twice_one_second_apart_after_probing_with_cache_flush_and_rfc_ttls()
    {
        var bed = new MdnsTestBed(seed: 3);
        var completed = new List<string>();
        bed.Responder.ProbingCompleted += completed.Add;
        bed.Responder.Start();
        bed.Clock.Advance(10_000);

        var sent = bed.SentMessages();
        long lastProbe = sent.Where(m => !m.Message.IsResponse).Max(m => m.Sent.AtMilliseconds);
        var hostAnnouncements = sent.Where(m => m.Message.IsResponse && MdnsTestBed.Records(m.Message, m.Message.Answers).All(r => r.Type == DnsRecordType.A)).ToList();
        Assert.Equal(2, hostAnnouncements.Count);
        Assert.Equal(1000, hostAnnouncements[1].Sent.AtMilliseconds - hostAnnouncements[0].Sent.AtMilliseconds);
        Assert.True(hostAnnouncements[0].Sent.AtMilliseconds > 500);

        var serviceAnnouncements = sent.Where(m => m.Message.IsResponse && MdnsTestBed.Records(m.Message, m.Message.Answers).Any(r => r.Type == DnsRecordType.Srv)).ToList();
        Assert.Equal(2, serviceAnnouncements.Count);
        Assert.True(serviceAnnouncements[0].Sent.AtMilliseconds >= lastProbe - 500);
        DnsRecord[] records = MdnsTestBed.Records(serviceAnnouncements[0].Message, serviceAnnouncements[0].Message.Answers);
        Assert.True(serviceAnnouncements[0].Message.IsAuthoritative);
        Assert.Equal(0, serviceAnnouncements[0].Message.Id);

        var srv = records.OfType<DnsSrvRecord>().Single();
        Assert.Equal((120u, true, 8080), (srv.Ttl, srv.CacheFlush, srv.Port));
        Assert.Equal("lamp.local", srv.Target.ToString());
        var txt = records.OfType<DnsTxtRecord>().Single();
        Assert.Equal((4500u, true), (txt.Ttl, txt.CacheFlush));
        Assert.Equal("id=A1,state=online", MdnsTestBed.Text(txt));
        var pointers = records.OfType<DnsPtrRecord>().ToList();
        Assert.All(pointers, p => Assert.Equal((4500u, false), (p.Ttl, p.CacheFlush)));
        Assert.Equal(
            new[] { "_accessory._tcp.local", "_printer._sub._accessory._tcp.local", "_services._dns-sd._udp.local" },
            pointers.Select(p => p.Name.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "Lamp._accessory._tcp.local", "lamp.local" }, completed.Order(StringComparer.Ordinal));
        Assert.All(hostAnnouncements, a => Assert.Equal(120u, MdnsTestBed.Records(a.Message, a.Message.Answers)[0].Ttl));
    }

    [Fact]
    public void Ipv6_addresses_give_aaaa_records_and_multicast_on_both_families()
    {
        byte[] v6 = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9 };
        var bed = new MdnsTestBed(addresses: new[] { MdnsTestBed.HostAddress, v6 }, withService: false);
        bed.Responder.Start();
        bed.Clock.Advance(3000);
        var announcements = bed.SentMessages().Where(m => m.Message.IsResponse).ToList();
        Assert.Equal(4, announcements.Count);
        Assert.Equal(2, announcements.Count(a => a.Sent.IPv6));
        Assert.Contains(MdnsTestBed.Records(announcements[0].Message, announcements[0].Message.Answers), r => r.Type == DnsRecordType.Aaaa);
    }

    [Fact]
    public void Does_not_answer_for_names_it_is_still_probing()
    {
        var bed = new MdnsTestBed();
        bed.Responder.Start();
        bed.Clock.Advance(100);
        bed.Transport.ClearSent();
        bed.Deliver(MdnsTestBed.Query("_accessory._tcp.local", DnsRecordType.Ptr));
        bed.Deliver(MdnsTestBed.Query("lamp.local", DnsRecordType.A));
        bed.Clock.Advance(200);
        Assert.DoesNotContain(bed.SentMessages(), m => m.Message.IsResponse);
    }

    [Fact]
    public void Qm_ptr_question_is_answered_by_multicast_after_20_to_120_ms_with_srv_txt_address_and_nsec_additionals()
    {
        var bed = new MdnsTestBed();
        bed.Establish();
        bed.Deliver(MdnsTestBed.Query("_ACCESSORY._tcp.local", DnsRecordType.Ptr));
        bed.Clock.Advance(19);
        Assert.Empty(bed.Transport.Sent);
        bed.Clock.Advance(101);

        var (sent, message) = Assert.Single(bed.SentMessages());
        Assert.True(sent.Multicast);
        Assert.InRange(sent.AtMilliseconds - 3000, 20, 120);
        Assert.True(message.IsResponse && message.IsAuthoritative);
        Assert.Empty(message.Questions);
        var ptr = Assert.IsType<DnsPtrRecord>(Assert.Single(message.Answers.Cast<object>()));
        Assert.Equal("Lamp._accessory._tcp.local", ptr.Target.ToString());
        DnsRecord[] additionals = MdnsTestBed.Records(message, message.Additionals);
        Assert.Contains(additionals, r => r is DnsSrvRecord);
        Assert.Contains(additionals, r => r is DnsTxtRecord);
        Assert.Contains(additionals, r => r is DnsAddressRecord a && a.Address.SequenceEqual(MdnsTestBed.HostAddress));
        var nsec = additionals.OfType<DnsNsecRecord>().Single();
        Assert.Equal("lamp.local", nsec.Name.ToString());
        Assert.Equal(new[] { DnsRecordType.A }, nsec.Types);
    }

    [Fact]
    public void Qm_question_for_a_unique_record_is_answered_at_once()
    {
        var bed = new MdnsTestBed();
        bed.Establish();
        bed.Deliver(MdnsTestBed.Query("lamp.local", DnsRecordType.A));
        var (sent, message) = Assert.Single(bed.SentMessages());
        Assert.True(sent.Multicast);
        Assert.Equal(3000, sent.AtMilliseconds);
        var a = Assert.IsType<DnsAddressRecord>(Assert.Single(message.Answers.Cast<object>()));
        Assert.True(a.CacheFlush);
    }

    [Fact]
    public void Question_for_a_missing_type_gets_an_nsec_answer()
    {
        var bed = new MdnsTestBed();
        bed.Establish();
        bed.Deliver(MdnsTestBed.Query("lamp.local", DnsRecordType.Aaaa));
        var (_, message) = Assert.Single(bed.SentMessages());
        var nsec = Assert.IsType<DnsNsecRecord>(Assert.Single(message.Answers.Cast<object>()));
        Assert.False(nsec.HasType(DnsRecordType.Aaaa));
        Assert.True(nsec.HasType(DnsRecordType.A));
    }

    [Fact]
    public void Qu_question_is_answered_by_unicast_when_recently_multicast_and_by_multicast_otherwise()
    {
        var bed = new MdnsTestBed();
        bed.Establish();
        bed.Deliver(MdnsTestBed.Query("Lamp._accessory._tcp.local", DnsRecordType.Srv, unicast: true));
        var (sent, message) = Assert.Single(bed.SentMessages());
        Assert.False(sent.Multicast);
        Assert.Equal(MdnsTestBed.Querier.Address, sent.Destination!.Address);
        Assert.Equal(5353, sent.Destination.Port);
        Assert.IsType<DnsSrvRecord>(Assert.Single(message.Answers.Cast<object>()));
        Assert.Contains(MdnsTestBed.Records(message, message.Additionals), r => r.Type == DnsRecordType.A);

        // More than a quarter of the SRV's 120 s TTL later, the answer goes to the group again (RFC 6762 5.4).
        bed.Clock.Advance(31_000);
        bed.Transport.ClearSent();
        bed.Deliver(MdnsTestBed.Query("Lamp._accessory._tcp.local", DnsRecordType.Srv, unicast: true));
        Assert.True(Assert.Single(bed.Transport.Sent).Multicast);
    }

    [Fact]
    public void Legacy_query_from_another_port_gets_a_unicast_reply_with_its_id_question_and_no_cache_flush()
    {
        var bed = new MdnsTestBed();
        bed.Establish();
        var source = new DatagramEndpoint(new byte[] { 192, 168, 7, 60 }, 40000);
        bed.Deliver(MdnsTestBed.Query("lamp.local", DnsRecordType.A, id: 0x4242), source);

        var (sent, message) = Assert.Single(bed.SentMessages());
        Assert.False(sent.Multicast);
        Assert.Equal(40000, sent.Destination!.Port);
        Assert.Equal(0x4242, message.Id);
        Assert.Equal("lamp.local", ((DnsQuestion)Assert.Single(message.Questions.Cast<object>())).Name.ToString());
        var a = Assert.IsType<DnsAddressRecord>(Assert.Single(message.Answers.Cast<object>()));
        Assert.False(a.CacheFlush);
        Assert.InRange(a.Ttl, 1u, 10u);
    }

    [Fact]
    public void Known_answers_with_at_least_half_our_ttl_are_suppressed()
    {
        var bed = new MdnsTestBed();
        bed.Establish();
        DnsName instance = DnsName.Parse("_accessory._tcp.local");
        DnsMessage fresh = MdnsTestBed.Query("_accessory._tcp.local", DnsRecordType.Ptr);
        fresh.Answers.Add(new DnsPtrRecord(instance, DnsName.Child("Lamp", instance), 2250));
        bed.Deliver(fresh);
        bed.Clock.Advance(200);
        Assert.Empty(bed.Transport.Sent);

        DnsMessage stale = MdnsTestBed.Query("_accessory._tcp.local", DnsRecordType.Ptr);
        stale.Answers.Add(new DnsPtrRecord(instance, DnsName.Child("lamp", instance), 2249));
        bed.Deliver(stale);
        bed.Clock.Advance(200);
        Assert.Single(bed.Transport.Sent);
    }

    [Fact]
    public void Service_enumeration_lists_the_service_type_and_subtypes_point_at_the_instance()
    {
        var bed = new MdnsTestBed();
        bed.Establish();
        bed.Deliver(MdnsTestBed.Query("_services._dns-sd._udp.local", DnsRecordType.Ptr));
        bed.Clock.Advance(200);
        var enumeration = Assert.IsType<DnsPtrRecord>(Assert.Single(bed.SentMessages().Single().Message.Answers.Cast<object>()));
        Assert.Equal("_accessory._tcp.local", enumeration.Target.ToString());

        bed.Transport.ClearSent();
        bed.Deliver(MdnsTestBed.Query("_printer._sub._accessory._tcp.local", DnsRecordType.Ptr));
        bed.Clock.Advance(200);
        var subtype = Assert.IsType<DnsPtrRecord>(Assert.Single(bed.SentMessages().Single().Message.Answers.Cast<object>()));
        Assert.Equal("Lamp._accessory._tcp.local", subtype.Target.ToString());

        bed.Transport.ClearSent();
        bed.Deliver(MdnsTestBed.Query("_scanner._sub._accessory._tcp.local", DnsRecordType.Ptr));
        bed.Deliver(MdnsTestBed.Query("_other._tcp.local", DnsRecordType.Ptr));
        bed.Clock.Advance(200);
        Assert.Empty(bed.Transport.Sent);
    }

    [Fact]
    public void Stop_sends_goodbyes_with_ttl_zero_for_every_record_and_stops_answering()
    {
        var bed = new MdnsTestBed();
        bed.Establish();
        bed.Responder.Stop();
        var (sent, message) = Assert.Single(bed.SentMessages());
        Assert.True(sent.Multicast);
        DnsRecord[] records = MdnsTestBed.Records(message, message.Answers);
        Assert.All(records, r => Assert.Equal(0u, r.Ttl));
        Assert.Equal(
            new[] { DnsRecordType.A, DnsRecordType.Ptr, DnsRecordType.Ptr, DnsRecordType.Ptr, DnsRecordType.Txt, DnsRecordType.Srv },
            records.Select(r => r.Type).Order());

        bed.Transport.ClearSent();
        bed.Deliver(MdnsTestBed.Query("lamp.local", DnsRecordType.A));
        bed.Clock.Advance(5000);
        Assert.Empty(bed.Transport.Sent);
    }

    [Fact]
    public void Removing_a_service_says_goodbye_for_its_records_only()
    {
        var bed = new MdnsTestBed();
        bed.Establish();
        bed.Responder.RemoveService("Lamp");
        var (_, message) = Assert.Single(bed.SentMessages());
        DnsRecord[] records = MdnsTestBed.Records(message, message.Answers);
        Assert.All(records, r => Assert.Equal(0u, r.Ttl));
        Assert.DoesNotContain(records, r => r.Type == DnsRecordType.A);
        Assert.Contains(records, r => r is DnsPtrRecord p && p.Name.ToString() == "_services._dns-sd._udp.local");

        bed.Transport.ClearSent();
        bed.Deliver(MdnsTestBed.Query("_accessory._tcp.local", DnsRecordType.Ptr));
        bed.Clock.Advance(200);
        Assert.Empty(bed.Transport.Sent);
    }

    [Fact]
    public void Txt_update_is_announced_twice_one_second_apart()
    {
        var bed = new MdnsTestBed();
        bed.Establish();
        bed.Responder.UpdateTxt("Lamp", MdnsService.TxtFromPairs(new[] { "id", "state" }, new string?[] { "A1", "connecting" }));
        bed.Clock.Advance(5000);
        var sent = bed.SentMessages();
        Assert.Equal(2, sent.Count);
        Assert.Equal(1000, sent[1].Sent.AtMilliseconds - sent[0].Sent.AtMilliseconds);
        Assert.All(sent, s => Assert.Equal("id=A1,state=connecting", MdnsTestBed.Text(Assert.IsType<DnsTxtRecord>(Assert.Single(s.Message.Answers.Cast<object>())))));

        bed.Transport.ClearSent();
        bed.Deliver(MdnsTestBed.Query("Lamp._accessory._tcp.local", DnsRecordType.Txt));
        Assert.Equal("id=A1,state=connecting", MdnsTestBed.Text(Assert.IsType<DnsTxtRecord>(bed.SentMessages().Single().Message.Answers[0])));
    }

    [Fact]
    public void A_service_added_while_running_is_probed_then_announced()
    {
        var bed = new MdnsTestBed(withService: false);
        bed.Establish();
        bed.Responder.AddService(AccessoryServiceTxt.CreateService("Bulb", 81, "ABC", "B1", "2.0", "3", Accessory.Core.Device.DeviceState.Unprovisioned));
        bed.Clock.Advance(3000);
        var sent = bed.SentMessages();
        Assert.Equal(3, sent.Count(m => !m.Message.IsResponse));
        Assert.Equal(2, sent.Count(m => m.Message.IsResponse));
        var txt = MdnsTestBed.Records(sent.Last().Message, sent.Last().Message.Answers).OfType<DnsTxtRecord>().Single();
        Assert.Equal("id=ABC,model=B1,fw=2.0,proto=3,state=unprovisioned", MdnsTestBed.Text(txt));
    }

    [Fact]
    public void A_response_claiming_a_name_being_probed_renames_it_and_probes_again()
    {
        var bed = new MdnsTestBed(seed: 4, withService: false);
        var renames = new List<(string, string)>();
        bed.Responder.Renamed += (o, n) => renames.Add((o, n));
        bed.Responder.Start();
        bed.Clock.Advance(260);
        var other = new DnsMessage { IsResponse = true };
        other.Answers.Add(new DnsAddressRecord(DnsName.Parse("LAMP.local"), new byte[] { 192, 168, 7, 99 }, 120) { CacheFlush = true });
        bed.Deliver(other);
        bed.Clock.Advance(3000);

        Assert.Equal(new[] { ("lamp", "lamp-2") }, renames);
        Assert.Equal("lamp-2.local", bed.Responder.HostName);
        Assert.True(bed.Responder.IsEstablished);
        Assert.Contains(bed.Log.Lines, l => l.Contains("lamp-2", StringComparison.Ordinal));
    }

    [Fact]
    public void Our_own_records_echoed_back_are_not_a_conflict()
    {
        var bed = new MdnsTestBed(seed: 4);
        bed.Transport.Sending += (t, d) => bed.Clock.Schedule(1, () => t.Deliver(d.Data, new DatagramEndpoint(MdnsTestBed.HostAddress, 5353)));
        int conflicts = 0;
        bed.Responder.ConflictDetected += _ => conflicts++;
        bed.Responder.Start();
        bed.Clock.Advance(5000);
        Assert.Equal(0, conflicts);
        Assert.Equal("lamp.local", bed.Responder.HostName);
        Assert.Equal("Lamp", bed.Responder.GetInstanceName("Lamp"));
    }

    [Fact]
    public void A_conflicting_claim_after_announcing_triggers_a_new_probe()
    {
        var bed = new MdnsTestBed();
        bed.Establish();
        var conflicts = new List<string>();
        bed.Responder.ConflictDetected += conflicts.Add;
        var other = new DnsMessage { IsResponse = true };
        other.Answers.Add(new DnsAddressRecord(DnsName.Parse("lamp.local"), new byte[] { 10, 9, 9, 9 }, 120) { CacheFlush = true });
        bed.Deliver(other);
        bed.Clock.Advance(300);
        Assert.Equal(new[] { "lamp.local" }, conflicts);
        Assert.Contains(bed.SentMessages(), m => !m.Message.IsResponse && m.Message.Authorities.Count > 0);
    }

    [Fact]
    public void Losing_a_simultaneous_probe_tiebreak_defers_one_second_and_winning_ignores_it()
    {
        foreach ((byte last, bool weLose) in new[] { ((byte)200, true), ((byte)0, false) })
        {
            var bed = new MdnsTestBed(seed: 4, withService: false);
            bed.Responder.Start();
            bed.Clock.Advance(251);
            long firstProbe = bed.Transport.Sent[0].AtMilliseconds;
            bed.Transport.ClearSent();

            var probe = MdnsTestBed.Query("lamp.local", DnsRecordType.Any, unicast: true);
            probe.Authorities.Add(new DnsAddressRecord(DnsName.Parse("lamp.local"), new byte[] { 192, 168, 7, last }, 120));
            bed.Deliver(probe);
            bed.Clock.Advance(1000);

            if (weLose)
            {
                long now = bed.Clock.UptimeMilliseconds;
                Assert.All(bed.Transport.Sent, s => Assert.True(s.AtMilliseconds >= 1251, "probed again before the 1 s deferral"));
                bed.Clock.Advance(3000);
                Assert.True(bed.Responder.IsEstablished);
                Assert.True(now > firstProbe);
            }
            else
            {
                Assert.True(bed.Responder.IsEstablished);
            }

            Assert.Equal("lamp.local", bed.Responder.HostName);
        }
    }

    [Fact]
    public void Two_responders_claiming_the_same_names_end_up_with_distinct_names()
    {
        var clock = new ManualClock();
        var segment = new DatagramSegment(clock);
        var responders = new List<MdnsResponder>();
        var renames = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            byte[] address = { 192, 168, 7, (byte)(10 + i) };
            var responder = new MdnsResponder(segment.Join(address), clock, new SeededRandom(100 + i), new RecordingLog(), new MdnsHostConfig("lamp", new[] { address }));
            responder.AddService(new MdnsService("Lamp", "_accessory._tcp", 8080, Array.Empty<byte[]>()));
            responder.Renamed += (_, n) => renames.Add(n);
            responders.Add(responder);
            responder.Start();
        }

        clock.Advance(15_000);

        Assert.All(responders, r => Assert.True(r.IsEstablished));
        Assert.Equal(new[] { "lamp-2.local", "lamp.local" }, responders.Select(r => r.HostName).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "Lamp", "Lamp (2)" }, responders.Select(r => r.GetInstanceName("Lamp")).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "Lamp (2)", "lamp-2" }, renames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_late_joiner_with_a_taken_name_is_renamed_by_the_defender()
    {
        var clock = new ManualClock();
        var segment = new DatagramSegment(clock);
        byte[] first = { 192, 168, 7, 10 };
        byte[] second = { 192, 168, 7, 11 };
        var defender = new MdnsResponder(segment.Join(first), clock, new SeededRandom(1), new RecordingLog(), new MdnsHostConfig("lamp", new[] { first }));
        defender.AddService(new MdnsService("Lamp", "_accessory._tcp", 8080, Array.Empty<byte[]>()));
        defender.Start();
        clock.Advance(5000);

        var joiner = new MdnsResponder(segment.Join(second), clock, new SeededRandom(2), new RecordingLog(), new MdnsHostConfig("lamp", new[] { second }));
        joiner.AddService(new MdnsService("Lamp", "_accessory._tcp", 8080, Array.Empty<byte[]>()));
        joiner.Start();
        clock.Advance(5000);

        Assert.Equal("lamp.local", defender.HostName);
        Assert.Equal("Lamp", defender.GetInstanceName("Lamp"));
        Assert.Equal("lamp-2.local", joiner.HostName);
        Assert.Equal("Lamp (2)", joiner.GetInstanceName("Lamp"));
        Assert.True(joiner.IsEstablished);
    }

    [Fact]
    public void Malformed_packets_are_counted_and_ignored()
    {
        var bed = new MdnsTestBed();
        bed.Establish();
        bed.Transport.Deliver(new byte[] { 1, 2, 3 }, MdnsTestBed.Querier);
        bed.Transport.Deliver(DnsCodecTests.Header(1, 0).Concat(new byte[] { 0xC0, 12 }).ToArray(), MdnsTestBed.Querier);
        Assert.Equal(2, bed.Responder.MalformedPacketCount);
        bed.Deliver(MdnsTestBed.Query("lamp.local", DnsRecordType.A));
        Assert.Single(bed.Transport.Sent);
    }

    [Fact]
    public void The_same_record_is_multicast_at_most_once_a_second()
    {
        var bed = new MdnsTestBed();
        bed.Establish();
        bed.Deliver(MdnsTestBed.Query("lamp.local", DnsRecordType.A));
        bed.Clock.Advance(500);
        bed.Deliver(MdnsTestBed.Query("lamp.local", DnsRecordType.A));
        Assert.Single(bed.Transport.Sent);
        bed.Clock.Advance(500);
        bed.Deliver(MdnsTestBed.Query("lamp.local", DnsRecordType.A));
        Assert.Equal(2, bed.Transport.Sent.Count);
    }

    [Fact]
    public void Any_question_for_the_instance_returns_srv_and_txt()
    {
        var bed = new MdnsTestBed();
        bed.Establish();
        bed.Deliver(MdnsTestBed.Query("lamp._ACCESSORY._tcp.local", DnsRecordType.Any));
        var (_, message) = Assert.Single(bed.SentMessages());
        Assert.Equal(new[] { DnsRecordType.Txt, DnsRecordType.Srv }, MdnsTestBed.Records(message, message.Answers).Select(r => r.Type).Order());
    }

    [Fact]
    public void A_renamed_host_re_announces_its_services_with_the_new_srv_target()
    {
        var bed = new MdnsTestBed();
        bed.Establish();
        var other = new DnsMessage { IsResponse = true };
        other.Answers.Add(new DnsAddressRecord(DnsName.Parse("lamp.local"), new byte[] { 10, 9, 9, 9 }, 120) { CacheFlush = true });
        bed.Deliver(other);
        bed.Clock.Advance(260);
        bed.Deliver(other);
        bed.Clock.Advance(5000);

        Assert.Equal("lamp-2.local", bed.Responder.HostName);
        var targets = bed.SentMessages()
            .Where(m => m.Message.IsResponse)
            .SelectMany(m => MdnsTestBed.Records(m.Message, m.Message.Answers))
            .OfType<DnsSrvRecord>()
            .Select(r => r.Target.ToString())
            .ToList();
        Assert.Equal(new[] { "lamp-2.local", "lamp-2.local" }, targets);
    }

    [Theory]
    [InlineData("Lamp", 2, "Lamp (2)")]
    [InlineData("Lamp", 12, "Lamp (12)")]
    public void Instance_renames_add_a_number_in_parentheses(string name, int attempt, string expected) =>
        Assert.Equal(expected, MdnsNaming.InstanceName(name, attempt));

    [Fact]
    public void Renames_of_long_names_stay_within_63_bytes_and_whole_characters()
    {
        string longName = new string('ü', 31) + "x";
        string renamed = MdnsNaming.InstanceName(longName, 2);
        Assert.EndsWith(" (2)", renamed, StringComparison.Ordinal);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(renamed), 60, 63);
        Assert.Equal(new string('ü', 29) + " (2)", renamed);
        Assert.Equal(new string('h', 61) + "-2", MdnsNaming.HostName(new string('h', 63), 2));

        string emoji = string.Concat(Enumerable.Repeat("\U0001F4A1", 15)) + "abc";
        Assert.DoesNotContain('\uFFFD', Accessory.Core.Text.Utf8.Decode(Accessory.Core.Text.Utf8.Encode(MdnsNaming.InstanceName(emoji, 3))));
    }

    [Fact]
    public void A_long_instance_name_in_conflict_is_renamed_without_failing()
    {
        var bed = new MdnsTestBed(withService: false);
        string longName = new string('L', 63);
        bed.Responder.AddService(new MdnsService(longName, "_accessory._tcp", 1, Array.Empty<byte[]>()));
        bed.Responder.Start();
        bed.Clock.Advance(100);
        var other = new DnsMessage { IsResponse = true };
        other.Answers.Add(new DnsTxtRecord(DnsName.Child(longName, DnsName.Parse("_accessory._tcp.local")), new[] { new byte[] { 1 } }, 4500));
        bed.Deliver(other);
        bed.Clock.Advance(3000);
        Assert.Equal(new string('L', 59) + " (2)", bed.Responder.GetInstanceName(longName));
        Assert.True(bed.Responder.IsEstablished);
    }

    [Fact]
    public void Responses_from_ports_other_than_5353_are_not_conflicts()
    {
        var bed = new MdnsTestBed(withService: false);
        bed.Responder.Start();
        bed.Clock.Advance(100);
        var other = new DnsMessage { IsResponse = true };
        other.Answers.Add(new DnsAddressRecord(DnsName.Parse("lamp.local"), new byte[] { 10, 9, 9, 9 }, 120));
        bed.Deliver(other, new DatagramEndpoint(new byte[] { 10, 9, 9, 9 }, 5354));
        bed.Clock.Advance(3000);
        Assert.Equal("lamp.local", bed.Responder.HostName);
    }

    [Fact]
    public void After_fifteen_conflicts_in_ten_seconds_probing_waits_five_seconds()
    {
        var bed = new MdnsTestBed(seed: 2, withService: false);
        bed.Responder.Start();
        bed.Clock.Advance(251);
        for (int i = 0; i < 15; i++)
        {
            var other = new DnsMessage { IsResponse = true };
            other.Answers.Add(new DnsAddressRecord(DnsName.Parse(bed.Responder.HostName), new byte[] { 10, 9, 9, 9 }, 120));
            bed.Deliver(other);
            bed.Clock.Advance(1);
        }

        Assert.Equal("lamp-16.local", bed.Responder.HostName);
        bed.Transport.ClearSent();
        bed.Clock.Advance(4990);
        Assert.Empty(bed.Transport.Sent);
        bed.Clock.Advance(10);
        Assert.Single(bed.Transport.Sent);
    }

    [Fact]
    public void A_truncated_query_waits_for_the_rest_of_its_known_answers()
    {
        var bed = new MdnsTestBed();
        bed.Establish();
        DnsName type = DnsName.Parse("_accessory._tcp.local");
        DnsMessage first = MdnsTestBed.Query("_accessory._tcp.local", DnsRecordType.Ptr);
        first.IsTruncated = true;
        first.Answers.Add(new DnsPtrRecord(type, DnsName.Child("Other", type), 4500));
        bed.Deliver(first);
        bed.Clock.Advance(300);
        Assert.Empty(bed.Transport.Sent);

        var rest = new DnsMessage();
        rest.Answers.Add(new DnsPtrRecord(type, DnsName.Child("Lamp", type), 4500));
        bed.Deliver(rest);
        bed.Clock.Advance(1000);
        Assert.Empty(bed.Transport.Sent);

        // Without the continuation the held query is answered after 400-500 ms.
        bed.Deliver(first);
        bed.Clock.Advance(399);
        Assert.Empty(bed.Transport.Sent);
        bed.Clock.Advance(101 + 120);
        var (sent, _) = Assert.Single(bed.SentMessages());
        Assert.InRange(sent.AtMilliseconds - 4300, 420, 620);
    }
}
