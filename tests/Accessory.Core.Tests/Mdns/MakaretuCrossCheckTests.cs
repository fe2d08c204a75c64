using System.Net;
using Accessory.Core.Mdns;
using Accessory.Core.Text;
using Makaretu.Dns;

namespace Accessory.Core.Tests.Mdns;

/// <summary>Our codec against an independent one (Makaretu.Dns), in both directions, for every record type.</summary>
public sealed class MakaretuCrossCheckTests
{
    [Fact]
    public void Messages_we_encode_read_correctly_in_makaretu()
    {
        byte[] wire = DnsCodecTests.SampleMessage().Encode();
        var theirs = new Message();
        theirs.Read(wire);

        Assert.Equal(0x1234, theirs.Id);
        Assert.True(theirs.QR);
        Assert.True(theirs.AA);
        Question question = Assert.Single(theirs.Questions);
        Assert.Equal(DnsType.PTR, question.Type);
        Assert.Equal(0x8001, (int)question.Class);
        Assert.Equal("_accessory._tcp.local", question.Name.ToString());

        var ptr = Assert.IsType<PTRRecord>(theirs.Answers[0]);
        Assert.Equal("Lamp. Kitchen (2)", ptr.DomainName.Labels[0]);
        Assert.Equal(4, ptr.DomainName.Labels.Count);
        Assert.Equal(TimeSpan.FromSeconds(4500), ptr.TTL);
        Assert.Equal(DnsClass.IN, ptr.Class);

        var srv = Assert.IsType<SRVRecord>(theirs.Answers[1]);
        Assert.Equal(0x8001, (int)srv.Class);
        Assert.Equal(8080, srv.Port);
        Assert.Equal(1, srv.Priority);
        Assert.Equal(2, srv.Weight);
        Assert.Equal("lamp-1.local", srv.Target.ToString());

        var txt = Assert.IsType<TXTRecord>(theirs.Answers[2]);
        Assert.Equal(new[] { "id=A1", "state=online", string.Empty }, txt.Strings);

        var a = Assert.IsType<ARecord>(theirs.AuthorityRecords[0]);
        Assert.Equal(IPAddress.Parse("10.0.0.7"), a.Address);
        Assert.Equal(TimeSpan.FromSeconds(120), a.TTL);

        var aaaa = Assert.IsType<AAAARecord>(theirs.AdditionalRecords[0]);
        Assert.Equal(IPAddress.Parse("fe80::102:304:506:708"), aaaa.Address);

        var nsec = Assert.IsType<NSECRecord>(theirs.AdditionalRecords[1]);
        Assert.Equal("lamp-1.local", nsec.NextOwnerName.ToString());
        Assert.Equal(new[] { DnsType.A, DnsType.AAAA, (DnsType)1000 }, nsec.Types);

        Assert.Equal(DnsType.HINFO, theirs.AdditionalRecords[2].Type);
    }

    [Fact]
    public void Messages_makaretu_encodes_read_correctly_in_ours()
    {
        var theirs = new Message { Id = 77, QR = true, AA = true };
        theirs.Questions.Add(new Question { Name = "_accessory._tcp.local", Type = DnsType.ANY, Class = (DnsClass)0x8001 });
        var instance = new DomainName(new[] { "Büro.Lamp", "_accessory", "_tcp", "local" });
        theirs.Answers.Add(new PTRRecord { Name = "_accessory._tcp.local", DomainName = instance, TTL = TimeSpan.FromSeconds(4500) });
        theirs.Answers.Add(new SRVRecord { Name = instance, Priority = 3, Weight = 4, Port = 443, Target = "box.local", TTL = TimeSpan.FromSeconds(120), Class = (DnsClass)0x8001 });
        theirs.Answers.Add(new TXTRecord { Name = instance, Strings = new List<string> { "fw=1.2.3", "flag" }, TTL = TimeSpan.FromSeconds(4500) });
        theirs.AdditionalRecords.Add(new ARecord { Name = "box.local", Address = IPAddress.Parse("192.168.1.20"), TTL = TimeSpan.FromSeconds(120) });
        theirs.AdditionalRecords.Add(new AAAARecord { Name = "box.local", Address = IPAddress.Parse("fd00::1"), TTL = TimeSpan.FromSeconds(120) });
        theirs.AdditionalRecords.Add(new NSECRecord { Name = "box.local", NextOwnerName = "box.local", Types = { DnsType.A, DnsType.AAAA }, TTL = TimeSpan.FromSeconds(120) });
        theirs.AdditionalRecords.Add(new HINFORecord { Name = "box.local", Cpu = "ESP32", OS = "nano", TTL = TimeSpan.FromSeconds(120) });

        DnsMessage ours = DnsMessage.Decode(theirs.ToByteArray());

        Assert.Equal(77, ours.Id);
        Assert.True(ours.IsResponse && ours.IsAuthoritative);
        var question = (DnsQuestion)ours.Questions[0]!;
        Assert.True(question.UnicastResponse);
        Assert.Equal(DnsRecordType.Any, question.Type);

        var ptr = Assert.IsType<DnsPtrRecord>(ours.Answers[0]);
        Assert.Equal("Büro.Lamp", ptr.Target.GetLabelText(0));
        Assert.Equal("Büro\\.Lamp._accessory._tcp.local", ptr.Target.ToString());

        var srv = Assert.IsType<DnsSrvRecord>(ours.Answers[1]);
        Assert.True(srv.CacheFlush);
        Assert.Equal((3, 4, 443), (srv.Priority, srv.Weight, srv.Port));
        Assert.Equal("box.local", srv.Target.ToString());

        var txt = Assert.IsType<DnsTxtRecord>(ours.Answers[2]);
        Assert.Equal("fw=1.2.3", Utf8.Decode(txt.GetString(0)));
        Assert.Equal("flag", Utf8.Decode(txt.GetString(1)));

        Assert.Equal(new byte[] { 192, 168, 1, 20 }, Assert.IsType<DnsAddressRecord>(ours.Additionals[0]).Address);
        Assert.Equal(IPAddress.Parse("fd00::1").GetAddressBytes(), Assert.IsType<DnsAddressRecord>(ours.Additionals[1]).Address);
        var nsec = Assert.IsType<DnsNsecRecord>(ours.Additionals[2]);
        Assert.Equal(new[] { DnsRecordType.A, DnsRecordType.Aaaa }, nsec.Types);
        var raw = Assert.IsType<DnsRawRecord>(ours.Additionals[3]);
        Assert.Equal(13, raw.Type);
        Assert.Equal(Utf8.Encode("\u0005ESP32\u0004nano"), raw.Rdata);
        Assert.Equal(120u, raw.Ttl);
    }

    [Fact]
    public void A_responder_announcement_reads_in_makaretu()
    {
        var clock = new ManualClock();
        var transport = new FakeDatagramTransport(clock);
        var responder = new MdnsResponder(transport, clock, new SeededRandom(5), new RecordingLog(), new MdnsHostConfig("lamp", new[] { new byte[] { 10, 1, 2, 3 } }));
        responder.AddService(AccessoryServiceTxt.CreateService("Lamp", 80, "A1B2C3", "L1", "1.0", "1", Accessory.Core.Device.DeviceState.Online));
        responder.Start();
        clock.Advance(3000);

        int records = 0;
        foreach (SentDatagram sent in transport.Sent)
        {
            var message = new Message();
            message.Read(sent.Data);
            records += message.Answers.Count + message.AuthorityRecords.Count;
            Assert.All(message.Answers, r => Assert.Contains(r.Type, new[] { DnsType.A, DnsType.PTR, DnsType.SRV, DnsType.TXT }));
        }

        Assert.True(records > 10, "expected probes and announcements");
    }
}
