using Accessory.Core.WebSockets;

namespace Accessory.Core.Tests.WebSockets;

/// <summary>RFC 6455 framing as the core decodes and encodes it, for both bodies' event streams.</summary>
public class WebSocketFrameTests
{
    private static readonly byte[] Mask = { 0x37, 0xFA, 0x21, 0x3D };

    [Theory]
    [InlineData(0)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(65535)]
    [InlineData(65536)]
    public void A_masked_client_frame_of_any_length_class_decodes_to_its_payload(int length)
    {
        var payload = new byte[length];
        new Random(length).NextBytes(payload);
        var wire = MaskedClientFrame(0x2, payload);
        var decoder = new WebSocketFrameDecoder(70000, expectMasked: true);

        Assert.Equal(wire.Length, decoder.Consume(wire, 0, wire.Length));
        var frame = decoder.TakeFrame()!;

        Assert.True(frame.Fin);
        Assert.Equal(WebSocketOpcode.Binary, frame.Opcode);
        Assert.Equal(payload, frame.Payload);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(65536)]
    public async Task A_masked_frame_the_core_encodes_is_read_by_dotnets_websocket_as_a_server(int length)
    {
        var payload = new byte[length];
        new Random(length + 1).NextBytes(payload);
        var wire = WebSocketFrameEncoder.Encode(true, WebSocketOpcode.Binary, payload, Mask);
        using var server = System.Net.WebSockets.WebSocket.CreateFromStream(new MemoryStream(wire), isServer: true, subProtocol: null, keepAliveInterval: TimeSpan.Zero);

        var received = new byte[length + 16];
        int total = 0;
        System.Net.WebSockets.ValueWebSocketReceiveResult result;
        do
        {
            result = await server.ReceiveAsync(received.AsMemory(total), CancellationToken.None);
            total += result.Count;
        }
        while (!result.EndOfMessage);

        Assert.Equal(System.Net.WebSockets.WebSocketMessageType.Binary, result.MessageType);
        Assert.Equal(payload, received[..total]);
    }

    // RFC 6455 section 5.2, written out here so the decoder is not checked against the core's own encoder.
    private static byte[] MaskedClientFrame(int opcode, byte[] payload)
    {
        var frame = new List<byte> { (byte)(0x80 | opcode) };
        if (payload.Length < 126)
        {
            frame.Add((byte)(0x80 | payload.Length));
        }
        else if (payload.Length <= 0xFFFF)
        {
            frame.AddRange(new byte[] { 0x80 | 126, (byte)(payload.Length >> 8), (byte)payload.Length });
        }
        else
        {
            frame.Add(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8)
            {
                frame.Add((byte)((long)payload.Length >> shift));
            }
        }

        frame.AddRange(Mask);
        for (int i = 0; i < payload.Length; i++)
        {
            frame.Add((byte)(payload[i] ^ Mask[i % 4]));
        }

        return frame.ToArray();
    }

    [Fact]
    public void Server_frames_are_unmasked_with_the_shortest_length_encoding()
    {
        Assert.Equal(new byte[] { 0x81, 0x02, (byte)'h', (byte)'i' }, WebSocketFrameEncoder.Encode(WebSocketOpcode.Text, "hi"u8.ToArray()));
        var medium = WebSocketFrameEncoder.Encode(WebSocketOpcode.Text, new byte[300]);
        Assert.Equal(new byte[] { 0x81, 126, 0x01, 0x2C }, medium[..4]);
        var large = WebSocketFrameEncoder.Encode(WebSocketOpcode.Binary, new byte[70000]);
        Assert.Equal(new byte[] { 0x82, 127, 0, 0, 0, 0, 0, 0x01, 0x11, 0x70 }, large[..10]);
    }

    [Fact]
    public void The_rfc_6455_masked_hello_example_decodes()
    {
        // RFC 6455 section 5.7: a single-frame masked text message containing "Hello".
        byte[] wire = { 0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58 };
        var decoder = new WebSocketFrameDecoder(125, expectMasked: true);
        decoder.Consume(wire, 0, wire.Length);

        Assert.Equal("Hello"u8.ToArray(), decoder.TakeFrame()!.Payload);
    }

    [Theory]
    [InlineData(new byte[] { 0x81, 0x05 }, 1002)] // unmasked client frame
    [InlineData(new byte[] { 0xC1, 0x80 }, 1002)] // RSV1 without an extension
    [InlineData(new byte[] { 0x83, 0x80 }, 1002)] // reserved data opcode 3
    [InlineData(new byte[] { 0x8B, 0x80 }, 1002)] // reserved control opcode 0xB
    [InlineData(new byte[] { 0x09, 0x80 }, 1002)] // fragmented ping
    [InlineData(new byte[] { 0x89, 0xFE }, 1002)] // ping longer than 125
    [InlineData(new byte[] { 0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4 }, 1002)] // 64-bit length with the top bit
    [InlineData(new byte[] { 0x82, 0xFF, 0, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4 }, 1009)] // 2 GB announced
    [InlineData(new byte[] { 0x82, 0xFE, 0x10, 0x01, 1, 2, 3, 4 }, 1009)] // 4097 bytes, over the limit
    public void Forbidden_headers_are_refused_with_the_close_code_before_any_payload_is_stored(byte[] wire, int code)
    {
        var decoder = new WebSocketFrameDecoder(4096, expectMasked: true);

        var e = Assert.Throws<WebSocketProtocolException>(() => decoder.Consume(wire, 0, wire.Length));

        Assert.Equal(code, e.CloseCode);
        Assert.Throws<InvalidOperationException>(() => decoder.Consume(wire, 0, 1));
    }

    [Fact]
    public void Frames_split_anywhere_or_packed_together_decode_the_same()
    {
        var one = WebSocketFrameEncoder.Encode(true, WebSocketOpcode.Text, "first"u8.ToArray(), Mask);
        var two = WebSocketFrameEncoder.Encode(true, WebSocketOpcode.Ping, "p"u8.ToArray(), Mask);
        var wire = one.Concat(two).ToArray();
        for (int split = 0; split <= wire.Length; split++)
        {
            var decoder = new WebSocketFrameDecoder(125, expectMasked: true);
            var frames = Feed(decoder, wire[..split]).Concat(Feed(decoder, wire[split..])).ToList();

            Assert.Equal(2, frames.Count);
            Assert.Equal("first"u8.ToArray(), frames[0].Payload);
            Assert.Equal(WebSocketOpcode.Ping, frames[1].Opcode);
        }
    }

    [Fact]
    public void A_close_payload_carries_the_code_and_a_reason_cut_to_fit_without_splitting_a_character()
    {
        var payload = WebSocketFrameEncoder.ClosePayload(4001, new string('\u00e9', 100));

        Assert.Equal(0x0F, payload[0]);
        Assert.Equal(0xA1, payload[1]);
        Assert.True(payload.Length <= 125);
        Assert.Equal(new string('\u00e9', 61), System.Text.Encoding.UTF8.GetString(payload, 2, payload.Length - 2));
    }

    internal static List<WebSocketFrame> Feed(WebSocketFrameDecoder decoder, byte[] bytes)
    {
        var frames = new List<WebSocketFrame>();
        int at = 0;
        while (at < bytes.Length || decoder.HasFrame)
        {
            at += decoder.Consume(bytes, at, bytes.Length - at);
            if (decoder.TakeFrame() is { } frame)
            {
                frames.Add(frame);
            }
        }

        return frames;
    }
}
