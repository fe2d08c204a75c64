using Accessory.Core.Protobuf;
using Accessory.Phone.Protos;
using Google.Protobuf;

namespace Accessory.Core.Tests.Protobuf;

public class ProtoReaderWriterTests
{
    private static byte[] Google(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return buffer.ToArray();
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(127UL)]
    [InlineData(128UL)]
    [InlineData(300UL)]
    [InlineData(16383UL)]
    [InlineData(16384UL)]
    [InlineData(4294967295UL)]
    [InlineData(18446744073709551615UL)]
    public void Varints_match_google_protobuf_both_ways(ulong value)
    {
        var ours = new ProtoWriter().WriteUInt64(1, value).ToArray();
        var theirs = Google(o => { if (value != 0) { o.WriteTag(1, WireFormat.WireType.Varint); o.WriteUInt64(value); } });
        Assert.Equal(theirs, ours);

        var withZero = Google(o => { o.WriteTag(1, WireFormat.WireType.Varint); o.WriteUInt64(value); });
        var reader = new ProtoReader(withZero);
        Assert.True(reader.TryReadTag(out int field, out WireType type));
        Assert.Equal(1, field);
        Assert.Equal(WireType.Varint, type);
        Assert.Equal(value, reader.ReadVarint());
        Assert.True(reader.AtEnd);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-2)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    [InlineData(42)]
    public void Int32_matches_google_protobuf_including_the_ten_byte_negative_form(int value)
    {
        var ours = new ProtoWriter().WriteInt32(4, value).ToArray();
        var theirs = Google(o => { o.WriteTag(4, WireFormat.WireType.Varint); o.WriteInt32(value); });
        Assert.Equal(theirs, ours);
        if (value < 0)
        {
            Assert.Equal(11, ours.Length);
        }

        var reader = new ProtoReader(theirs);
        Assert.True(reader.TryReadTag(out _, out _));
        Assert.Equal(value, reader.ReadInt32());
        Assert.Equal(value, CmdSetConfig.Parser.ParseFrom(ours).Channel);
    }

    [Fact]
    public void Nested_messages_written_by_us_parse_with_google_protobuf()
    {
        var entry = new ProtoWriter().WriteBytes(1, "ap"u8.ToArray()).WriteUInt32(2, 6).WriteInt32(3, -70).WriteInt32(5, 3);
        var list = new ProtoWriter().WriteMessage(1, entry).WriteMessage(1, entry);
        var payload = new ProtoWriter().WriteInt32(1, 5).WriteMessage(15, list).ToArray();

        var parsed = WiFiScanPayload.Parser.ParseFrom(payload);
        Assert.Equal(WiFiScanMsgType.TypeRespScanResult, parsed.Msg);
        Assert.Equal(2, parsed.RespScanResult.Entries.Count);
        Assert.Equal(-70, parsed.RespScanResult.Entries[1].Rssi);
        Assert.Equal("ap", parsed.RespScanResult.Entries[0].Ssid.ToStringUtf8());
    }

    [Fact]
    public void Nested_messages_written_by_google_read_with_ours()
    {
        var bytes = new WiFiConfigPayload
        {
            Msg = WiFiConfigMsgType.TypeCmdSetConfig,
            CmdSetConfig = new CmdSetConfig { Ssid = ByteString.CopyFromUtf8("net"), Channel = -3 },
        }.ToByteArray();
        var reader = new ProtoReader(bytes);
        Assert.True(reader.TryReadTag(out int f1, out _));
        Assert.Equal(1, f1);
        Assert.Equal(2, reader.ReadInt32());
        Assert.True(reader.TryReadTag(out int f2, out WireType t2));
        Assert.Equal(12, f2);
        Assert.Equal(WireType.LengthDelimited, t2);
        var nested = reader.ReadMessage();
        Assert.True(reader.AtEnd);
        Assert.True(nested.TryReadTag(out int n1, out _));
        Assert.Equal(1, n1);
        Assert.Equal("net"u8.ToArray(), nested.ReadBytes());
        Assert.True(nested.TryReadTag(out int n2, out _));
        Assert.Equal(4, n2);
        Assert.Equal(-3, nested.ReadInt32());
        Assert.False(nested.TryReadTag(out _, out _));
    }

    [Fact]
    public void Unknown_fields_of_every_wire_type_are_skipped()
    {
        var bytes = Google(o =>
        {
            o.WriteTag(100, WireFormat.WireType.Varint);
            o.WriteUInt64(ulong.MaxValue);
            o.WriteTag(101, WireFormat.WireType.Fixed64);
            o.WriteFixed64(0x0102030405060708);
            o.WriteTag(102, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(new byte[300]));
            o.WriteTag(103, WireFormat.WireType.Fixed32);
            o.WriteFixed32(7);
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteInt32(4);
            o.WriteTag(536870911, WireFormat.WireType.Varint);
            o.WriteInt32(1);
        });
        Assert.Equal(Accessory.Core.Provisioning.Messages.WifiConfigMsgType.CmdApplyConfig, Accessory.Core.Provisioning.Messages.WifiConfigCodec.DecodeRequest(bytes).Msg);
        Assert.Equal(WiFiConfigMsgType.TypeCmdApplyConfig, WiFiConfigPayload.Parser.ParseFrom(bytes).Msg);
    }

    [Fact]
    public void Every_truncation_of_a_valid_message_either_parses_or_throws_a_format_error_like_google()
    {
        var full = new WiFiConfigPayload
        {
            Msg = WiFiConfigMsgType.TypeCmdSetConfig,
            CmdSetConfig = new CmdSetConfig { Ssid = ByteString.CopyFromUtf8("truncate-me"), Passphrase = ByteString.CopyFromUtf8("secret-pass"), Bssid = ByteString.CopyFrom(new byte[6]), Channel = -1 },
        }.ToByteArray();

        for (int length = 0; length <= full.Length; length++)
        {
            var prefix = full.Take(length).ToArray();
            bool googleOk;
            try
            {
                WiFiConfigPayload.Parser.ParseFrom(prefix);
                googleOk = true;
            }
            catch (InvalidProtocolBufferException)
            {
                googleOk = false;
            }

            bool oursOk;
            try
            {
                Walk(new ProtoReader(prefix), depth: 0);
                oursOk = true;
            }
            catch (ProtoFormatException)
            {
                oursOk = false;
            }

            Assert.True(googleOk == oursOk, $"prefix of {length} bytes: google {(googleOk ? "parsed" : "refused")}, ours {(oursOk ? "parsed" : "refused")}");
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x0B })] // field 1, start group
    [InlineData(new byte[] { 0x0C })] // field 1, end group
    [InlineData(new byte[] { 0x0E })] // wire type 6
    [InlineData(new byte[] { 0x00, 0x01 })] // field number 0
    [InlineData(new byte[] { 0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 })] // 11-byte varint
    [InlineData(new byte[] { 0x08, 0x80 })] // truncated varint
    [InlineData(new byte[] { 0x12, 0x05, 0x01 })] // length past the end
    [InlineData(new byte[] { 0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })] // huge length
    [InlineData(new byte[] { 0x09, 0x01, 0x02 })] // truncated fixed64
    [InlineData(new byte[] { 0x0D, 0x01 })] // truncated fixed32
    public void Malformed_input_is_a_format_error(byte[] bytes)
    {
        Assert.Throws<ProtoFormatException>(() => Walk(new ProtoReader(bytes), depth: 0));
    }

    [Fact]
    public void A_known_field_with_the_wrong_wire_type_is_a_format_error()
    {
        // msg (field 1) sent as a length-delimited field.
        Assert.Throws<ProtoFormatException>(() => Accessory.Core.Provisioning.Messages.WifiConfigCodec.DecodeRequest(new byte[] { 0x0A, 0x00 }));
    }

    /// <summary>Reads every field, descending into length-delimited ones that look like messages.</summary>
    internal static void Walk(ProtoReader reader, int depth)
    {
        while (reader.TryReadTag(out int _, out WireType type))
        {
            if (type == WireType.LengthDelimited && depth < 4)
            {
                var nested = reader.ReadMessage();
                try
                {
                    Walk(nested, depth + 1);
                }
                catch (ProtoFormatException)
                {
                    // Opaque bytes (an SSID) need not parse as a message; only the outer framing matters here.
                }
            }
            else
            {
                reader.Skip(type);
            }
        }
    }
}
