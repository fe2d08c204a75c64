using Accessory.Core.Mdns;
using Accessory.Core.Ports;

namespace Accessory.Core.Tests.Mdns;

/// <summary>
/// A record heard is checked against our registrations of its own name only, so the work per record does not grow
/// with the number of names the responder speaks for (a 1,000-device fleet's responder fell 10-20 s behind its own
/// start-up packets when it checked every record against all ~2,000 names). Counted with
/// <see cref="MdnsResponder.RegistrationsExamined"/>, not timed; conflict detection must stay as it was.
/// </summary>
public sealed class MdnsReceiveCostTests
{
    private static readonly DatagramEndpoint Peer = new(new byte[] { 192, 168, 7, 77 }, 5353);

    [Theory]
    [InlineData(10)]
    [InlineData(500)]
    public void A_response_heard_examines_only_the_registrations_of_its_names(int devices)
    {
        var bed = Fleet(devices, echo: false);
        int before = bed.Responder.RegistrationsExamined;

        // One instance's SRV and TXT and its host's address, as the responder itself sends them, plus a record of
        // a name we do not have: three of ours examined, whatever the fleet's size.
        var heard = new DnsMessage { IsResponse = true };
        heard.Answers.Add(new DnsSrvRecord(DnsName.Parse("Dev 3._accessory._tcp.local"), 0, 0, 9003, DnsName.Parse("dev-3.local"), 120) { CacheFlush = true });
        heard.Answers.Add(new DnsTxtRecord(DnsName.Parse("Dev 3._accessory._tcp.local"), MdnsService.TxtFromPairs(new[] { "id", "state" }, new string?[] { "D3", "online" }), 4500) { CacheFlush = true });
        heard.Additionals.Add(new DnsAddressRecord(DnsName.Parse("DEV-3.local"), new byte[] { 10, 0, 0, 3 }, 120) { CacheFlush = true });
        heard.Additionals.Add(new DnsAddressRecord(DnsName.Parse("elsewhere.local"), new byte[] { 10, 9, 9, 9 }, 120) { CacheFlush = true });
        bed.Deliver(heard, Peer);

        Assert.Equal(3, bed.Responder.RegistrationsExamined - before);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(500)]
    public void A_probe_heard_examines_only_the_registration_it_names(int devices)
    {
        var bed = Fleet(devices, echo: false);
        int before = bed.Responder.RegistrationsExamined;

        var probe = MdnsTestBed.Query("dev-7.local", DnsRecordType.Any, unicast: true);
        probe.Authorities.Add(new DnsAddressRecord(DnsName.Parse("dev-7.local"), new byte[] { 10, 9, 9, 9 }, 120));
        bed.Deliver(probe, Peer);

        Assert.Equal(1, bed.Responder.RegistrationsExamined - before);
    }

    [Fact]
    public void A_fleet_hearing_its_own_start_up_examines_at_most_one_registration_per_record_heard()
    {
        var bed = Fleet(300, echo: true, out int recordsHeard);

        Assert.True(recordsHeard > 3000, $"only {recordsHeard} records heard");
        Assert.InRange(bed.Responder.RegistrationsExamined, recordsHeard / 2, recordsHeard);
        Assert.DoesNotContain(bed.Log.Lines, l => l.Contains("conflict", StringComparison.Ordinal));
    }

    [Fact]
    public void Conflicts_are_still_found_for_the_last_name_added_and_for_a_renamed_name()
    {
        var bed = Fleet(500, echo: false);
        var renames = new List<(string Old, string New)>();
        bed.Responder.Renamed += (o, n) => renames.Add((o, n));
        var conflicts = new List<string>();
        bed.Responder.ConflictDetected += conflicts.Add;

        // Another host claims the last instance's name: probe again, and (claimed again while probing) rename.
        bed.Deliver(ForeignSrv("dev 499._accessory._tcp.local"), Peer);
        bed.Clock.Advance(100);
        bed.Deliver(ForeignSrv("Dev 499._accessory._tcp.local"), Peer);
        bed.Clock.Advance(300);
        Assert.Equal(new[] { ("Dev 499", "Dev 499 (2)") }, renames);

        // The new name is found too: a claim on it while it is probed renames it again.
        bed.Deliver(ForeignSrv("Dev 499 (2)._accessory._tcp.local"), Peer);
        bed.Clock.Advance(3000);
        Assert.Equal(("Dev 499 (2)", "Dev 499 (3)"), renames[^1]);
        Assert.Equal("Dev 499 (3)", bed.Responder.GetInstanceName("Dev 499"));
        Assert.True(bed.Responder.IsEstablished);
        Assert.Equal(3, conflicts.Count);

        // The old names are no longer ours: a claim on them is no conflict.
        bed.Deliver(ForeignSrv("Dev 499._accessory._tcp.local"), Peer);
        bed.Clock.Advance(300);
        Assert.Equal(3, conflicts.Count);
    }

    private static DnsMessage ForeignSrv(string instance)
    {
        var other = new DnsMessage { IsResponse = true };
        other.Answers.Add(new DnsSrvRecord(DnsName.Parse(instance), 0, 0, 1234, DnsName.Parse("someone-else.local"), 120) { CacheFlush = true });
        return other;
    }

    private static MdnsTestBed Fleet(int count, bool echo) => Fleet(count, echo, out _);

    /// <summary>
    /// The test bed's responder plus hosts dev-N with a service "Dev N" each, established; with <paramref name="echo"/>
    /// every packet it sends comes back to it 1 ms later, as its multicast does on a real interface.
    /// </summary>
    private static MdnsTestBed Fleet(int count, bool echo, out int recordsHeard)
    {
        var bed = new MdnsTestBed(withService: false);
        int heard = 0;
        if (echo)
        {
            bed.Transport.Sending += (t, d) =>
            {
                var message = DnsMessage.Decode(d.Data);
                heard += message.Answers.Count + message.Additionals.Count + message.Authorities.Count;
                bed.Clock.Schedule(1, () => t.Deliver(d.Data, new DatagramEndpoint(MdnsTestBed.HostAddress, 5353)));
            };
        }

        bed.AddFleet(count);

        bed.Establish();
        bed.Clock.Advance(100);
        recordsHeard = heard;
        return bed;
    }
}
