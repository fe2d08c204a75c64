using System.Collections;
using Accessory.Core.Mdns;
using Accessory.Core.Text;

namespace Accessory.Core.Tests.Mdns;

public sealed class DnsCodecTests
{
    internal static DnsMessage SampleMessage()
    {
        DnsName instance = DnsName.Child("Lamp. Kitchen (2)", DnsName.Parse("_accessory._tcp.local"));
        DnsName host = DnsName.Parse("lamp-1.local");
        var message = new DnsMessage { Id = 0x1234, IsResponse = true, IsAuthoritative = true };
        message.Questions.Add(new DnsQuestion(DnsName.Parse("_accessory._tcp.local"), DnsRecordType.Ptr, true));
        message.Answers.Add(new DnsPtrRecord(DnsName.Parse("_accessory._tcp.local"), instance, 4500));
        message.Answers.Add(new DnsSrvRecord(instance, 1, 2, 8080, host, 120) { CacheFlush = true });
        message.Answers.Add(new DnsTxtRecord(instance, new[] { Utf8.Encode("id=A1"), Utf8.Encode("state=online"), Array.Empty<byte>() }, 4500) { CacheFlush = true });
        message.Authorities.Add(new DnsAddressRecord(host, new byte[] { 10, 0, 0, 7 }, 120));
        message.Additionals.Add(new DnsAddressRecord(host, new byte[] { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8 }, 120) { CacheFlush = true });
        message.Additionals.Add(new DnsNsecRecord(host, host, new[] { DnsRecordType.A, DnsRecordType.Aaaa, 1000 }, 120) { CacheFlush = true });
        message.Additionals.Add(new DnsRawRecord(host, 13, new byte[] { 1, 65, 1, 66 }, 60));
        return message;
    }

    [Fact]
    public void Every_record_type_survives_a_round_trip()
    {
        DnsMessage original = SampleMessage();
        byte[] wire = original.Encode();
        DnsMessage decoded = DnsMessage.Decode(wire);

        Assert.Equal(0x1234, decoded.Id);
        Assert.True(decoded.IsResponse);
        Assert.True(decoded.IsAuthoritative);
        Assert.False(decoded.IsTruncated);
        var question = Assert.IsType<DnsQuestion>(Assert.Single(decoded.Questions.Cast<object>()));
        Assert.True(question.UnicastResponse);
        Assert.Equal(DnsRecordType.Ptr, question.Type);
        Assert.Equal(DnsRecordType.ClassIn, question.Class);

        var ptr = Assert.IsType<DnsPtrRecord>(decoded.Answers[0]);
        Assert.Equal("Lamp. Kitchen (2)", ptr.Target.GetLabelText(0));
        Assert.Equal(4, ptr.Target.LabelCount);
        Assert.False(ptr.CacheFlush);
        Assert.Equal(4500u, ptr.Ttl);

        var srv = Assert.IsType<DnsSrvRecord>(decoded.Answers[1]);
        Assert.True(srv.CacheFlush);
        Assert.Equal(DnsRecordType.ClassIn, srv.Class);
        Assert.Equal((1, 2, 8080), (srv.Priority, srv.Weight, srv.Port));
        Assert.Equal("lamp-1.local", srv.Target.ToString());

        var txt = Assert.IsType<DnsTxtRecord>(decoded.Answers[2]);
        Assert.Equal(3, txt.Count);
        Assert.Equal("state=online", Utf8.Decode(txt.GetString(1)));
        Assert.Empty(txt.GetString(2));

        Assert.Equal(new byte[] { 10, 0, 0, 7 }, Assert.IsType<DnsAddressRecord>(decoded.Authorities[0]).Address);
        var aaaa = Assert.IsType<DnsAddressRecord>(decoded.Additionals[0]);
        Assert.Equal(DnsRecordType.Aaaa, aaaa.Type);
        var nsec = Assert.IsType<DnsNsecRecord>(decoded.Additionals[1]);
        Assert.Equal(new[] { DnsRecordType.A, DnsRecordType.Aaaa, 1000 }, nsec.Types);
        Assert.True(nsec.NextName.SameAs(DnsName.Parse("LAMP-1.local")));
        var raw = Assert.IsType<DnsRawRecord>(decoded.Additionals[2]);
        Assert.Equal(13, raw.Type);
        Assert.Equal(new byte[] { 1, 65, 1, 66 }, raw.Rdata);

        Assert.Equal(wire, decoded.Encode());
    }

    [Fact]
    public void Header_flags_opcode_and_rcode_are_kept()
    {
        var message = new DnsMessage { Id = 0xFFFF, IsTruncated = true, RecursionDesired = true, Opcode = 5, Rcode = 3 };
        DnsMessage decoded = DnsMessage.Decode(message.Encode());
        Assert.Equal(0xFFFF, decoded.Id);
        Assert.False(decoded.IsResponse);
        Assert.True(decoded.IsTruncated);
        Assert.True(decoded.RecursionDesired);
        Assert.Equal(5, decoded.Opcode);
        Assert.Equal(3, decoded.Rcode);
    }

    [Fact]
    public void Empty_txt_is_written_as_one_zero_length_string()
    {
        var record = new DnsTxtRecord(DnsName.Parse("x.local"), Array.Empty<byte[]>(), 10);
        Assert.Equal(new byte[] { 0 }, record.CanonicalRdata());
    }

    [Fact]
    public void Names_compare_ignoring_ascii_case_only()
    {
        Assert.True(DnsName.Parse("Lamp._Accessory._TCP.local").SameAs(DnsName.Parse("lamp._accessory._tcp.LOCAL")));
        Assert.False(DnsName.Parse("lamp.local").SameAs(DnsName.Parse("lamp.locale")));
        Assert.False(DnsName.Child("Ä", DnsName.Root).SameAs(DnsName.Child("ä", DnsName.Root)));
    }

    [Fact]
    public void Dots_in_an_instance_label_are_escaped_only_in_presentation()
    {
        DnsName name = DnsName.Child("a.b\\c", DnsName.Parse("local"));
        Assert.Equal("a\\.b\\\\c.local", name.ToString());
        byte[] wire = new DnsMessage { Questions = { new DnsQuestion(name, DnsRecordType.Any, false) } }.Encode();
        Assert.Equal(5, wire[12]);
        Assert.Equal((byte)'.', wire[14]);
    }

    [Fact]
    public void Label_and_name_limits_are_enforced()
    {
        Assert.Throws<ArgumentException>(() => DnsName.Child(new string('x', 64), DnsName.Root));
        DnsName.Child(new string('x', 63), DnsName.Root);
        Assert.Throws<ArgumentException>(() => DnsName.Parse(string.Join(".", Enumerable.Repeat(new string('y', 63), 4))));
        Assert.Throws<ArgumentException>(() => DnsName.Parse("a..b"));
    }

    [Fact]
    public void Repeated_names_are_compressed_to_pointers()
    {
        DnsMessage message = SampleMessage();
        byte[] compressed = message.Encode();
        int uncompressed = 12 + DnsName.Parse("_accessory._tcp.local").WireLength + 4;
        foreach (DnsRecord r in message.Answers.Cast<DnsRecord>().Concat(message.Authorities.Cast<DnsRecord>()).Concat(message.Additionals.Cast<DnsRecord>()))
        {
            uncompressed += r.Name.WireLength + 10 + r.CanonicalRdata().Length;
        }

        Assert.True(compressed.Length < uncompressed - 100, "names were not compressed");

        // The answer's owner name repeats the question's name: it must be a pointer to offset 12.
        int questionEnd = 12 + DnsName.Parse("_accessory._tcp.local").WireLength + 4;
        Assert.Equal(0xC0, compressed[questionEnd]);
        Assert.Equal(12, compressed[questionEnd + 1]);
    }

    [Fact]
    public void Compression_matches_suffixes_case_insensitively_and_decodes_to_the_same_names()
    {
        var message = new DnsMessage();
        message.Questions.Add(new DnsQuestion(DnsName.Parse("a.example.local"), DnsRecordType.A, false));
        message.Questions.Add(new DnsQuestion(DnsName.Parse("b.EXAMPLE.local"), DnsRecordType.A, false));
        byte[] wire = message.Encode();

        // Second name: label "b" then a pointer to "example.local" at offset 14.
        int second = 12 + DnsName.Parse("a.example.local").WireLength + 4;
        Assert.Equal(new byte[] { 1, (byte)'b', 0xC0, 14 }, wire.Skip(second).Take(4).ToArray());
        DnsMessage decoded = DnsMessage.Decode(wire);
        Assert.True(((DnsQuestion)decoded.Questions[1]!).Name.SameAs(DnsName.Parse("b.example.local")));
    }

    [Fact]
    public void Srv_targets_are_not_compressed()
    {
        var message = new DnsMessage();
        DnsName host = DnsName.Parse("h.local");
        message.Answers.Add(new DnsAddressRecord(host, new byte[] { 1, 2, 3, 4 }, 1));
        message.Answers.Add(new DnsSrvRecord(DnsName.Parse("s._x._tcp.local"), 0, 0, 1, host, 1));
        byte[] wire = message.Encode();
        byte[] tail = wire.Skip(wire.Length - host.WireLength).ToArray();
        Assert.Equal(new byte[] { 1, (byte)'h', 5, (byte)'l', (byte)'o', (byte)'c', (byte)'a', (byte)'l', 0 }, tail);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 12 }, "does not point backwards")]
    [InlineData(new byte[] { 0xC0, 20 }, "does not point backwards")]
    [InlineData(new byte[] { 0x40, 1 }, "label type")]
    [InlineData(new byte[] { 0x80, 1 }, "label type")]
    [InlineData(new byte[] { 5, (byte)'a' }, "runs past the end")]
    [InlineData(new byte[] { 0xC0 }, "cut short")]
    public void Bad_names_raise_a_typed_error_with_the_offset(byte[] name, string problem)
    {
        byte[] wire = Header(1, 0).Concat(name).ToArray();
        var error = Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(wire));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("offset 12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pointer_chains_cannot_loop_even_when_they_only_point_backwards()
    {
        // Question 1 is a plain name; question 2 points back into the middle of question 1's type field, which
        // itself looks like a pointer to question 2's start: the backwards rule stops it.
        var wire = new List<byte>(Header(2, 0)) { 1, (byte)'a', 0, 0xC0, 0x11, 0, 1 };
        wire.AddRange(new byte[] { 0xC0, 15, 0, 1, 0, 1 });
        Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(wire.ToArray()));
    }

    [Fact]
    public void Names_longer_than_255_bytes_through_pointers_are_rejected()
    {
        // Five questions each adding a 62-byte label in front of the previous name: the fifth exceeds 255 bytes.
        var wire = new List<byte>(Header(5, 0));
        int previous = -1;
        for (int i = 0; i < 5; i++)
        {
            int start = wire.Count;
            wire.Add(62);
            wire.AddRange(Enumerable.Repeat((byte)'z', 62));
            if (previous < 0)
            {
                wire.Add(0);
            }
            else
            {
                wire.Add((byte)(0xC0 | (previous >> 8)));
                wire.Add((byte)previous);
            }

            wire.AddRange(new byte[] { 0, 1, 0, 1 });
            previous = start;
        }

        var error = Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(wire.ToArray()));
        Assert.Contains("255", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_a_valid_message_is_a_typed_error()
    {
        byte[] wire = SampleMessage().Encode();
        for (int length = 0; length < wire.Length; length++)
        {
            byte[] prefix = wire.Take(length).ToArray();
            Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(prefix));
        }
    }

    [Fact]
    public void Rdata_that_disagrees_with_its_length_is_rejected()
    {
        var message = new DnsMessage();
        message.Answers.Add(new DnsAddressRecord(DnsName.Parse("h.local"), new byte[] { 1, 2, 3, 4 }, 1));
        byte[] wire = message.Encode();
        wire[wire.Length - 5] = 3;
        Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(wire.Take(wire.Length - 1).ToArray()));

        var ptr = new DnsMessage();
        ptr.Answers.Add(new DnsPtrRecord(DnsName.Parse("p.local"), DnsName.Parse("t.local"), 1));
        byte[] encoded = ptr.Encode();

        // The target is "t" plus a pointer to "local": 4 bytes of RDATA, whose length we grow by one.
        Assert.Equal(4, encoded[encoded.Length - 5]);
        byte[] ptrWire = encoded.Concat(new byte[] { 9 }).ToArray();
        ptrWire[encoded.Length - 5] = 5;
        var error = Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(ptrWire));
        Assert.Contains("PTR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nsec_bitmaps_with_bad_windows_are_rejected()
    {
        var message = new DnsMessage();
        message.Answers.Add(new DnsNsecRecord(DnsName.Parse("h.local"), DnsName.Parse("h.local"), new[] { 1 }, 1));
        byte[] wire = message.Encode();
        wire[wire.Length - 2] = 33;
        Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(wire));
        wire[wire.Length - 2] = 0;
        Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(wire));
    }

    [Fact]
    public void Short_header_is_a_typed_error()
    {
        Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(new byte[11]));
        Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(null!));
    }

    internal static byte[] Header(int questions, int answers) =>
        new byte[] { 0, 0, 0, 0, 0, (byte)questions, 0, (byte)answers, 0, 0, 0, 0 };

    internal static ArrayList List(params object[] items) => new(items);
}
