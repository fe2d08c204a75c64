using Accessory.Core.WebSockets;

namespace Accessory.Core.Tests.WebSockets;

/// <summary>The server side of an open WebSocket, as both bodies' event streams run it.</summary>
public class WebSocketServerSessionTests
{
    private static readonly byte[] Mask = { 1, 2, 3, 4 };
    private readonly WebSocketServerSession _session = new(64);

    [Fact]
    public void A_ping_is_answered_with_a_pong_carrying_its_payload()
    {
        var reply = Receive(WebSocketOpcode.Ping, "are you there"u8.ToArray());

        var pong = Decode(reply!).Single();
        Assert.Equal(WebSocketOpcode.Pong, pong.Opcode);
        Assert.Equal("are you there"u8.ToArray(), pong.Payload);
        Assert.False(_session.Ended);
    }

    [Fact]
    public void The_clients_close_is_echoed_and_ends_the_session()
    {
        var reply = Receive(WebSocketOpcode.Close, WebSocketFrameEncoder.ClosePayload(1001, "bye"));

        var close = Decode(reply!).Single();
        Assert.Equal(new byte[] { 0x03, 0xE9 }, close.Payload);
        Assert.True(_session.Ended);
        Assert.Equal(1001, _session.PeerCloseCode);
        Assert.Null(_session.Text("late"u8.ToArray()));
    }

    [Fact]
    public void After_the_servers_close_the_clients_answer_ends_it_without_a_second_close()
    {
        Assert.NotNull(_session.Close(4000, "test"));
        Assert.Null(_session.Close(4000, "again"));
        Assert.Null(_session.Text("x"u8.ToArray()));
        Assert.False(_session.Ended);

        Assert.Null(Receive(WebSocketOpcode.Close, WebSocketFrameEncoder.ClosePayload(4000, string.Empty)));
        Assert.True(_session.Ended);
    }

    [Theory]
    [InlineData(WebSocketOpcode.Continuation, "x", true, 1002)]
    [InlineData(WebSocketOpcode.Text, "\u00ff", true, 1007)]
    public void Protocol_errors_end_with_a_close_frame_naming_them(int opcode, string latin1, bool fin, int code)
    {
        var frame = WebSocketFrameEncoder.Encode(fin, opcode, System.Text.Encoding.Latin1.GetBytes(latin1), Mask);

        var reply = _session.Receive(frame, 0, frame.Length);

        var close = Decode(reply!).Single();
        Assert.Equal(WebSocketOpcode.Close, close.Opcode);
        Assert.Equal(code, (close.Payload[0] << 8) | close.Payload[1]);
        Assert.True(_session.Ended);
        Assert.NotNull(_session.ProtocolError);
    }

    [Fact]
    public void A_fragmented_message_over_the_limit_is_1009_and_one_within_it_is_counted()
    {
        var ok = WebSocketFrameEncoder.Encode(false, WebSocketOpcode.Text, new byte[40], Mask)
            .Concat(WebSocketFrameEncoder.Encode(true, WebSocketOpcode.Ping, Array.Empty<byte>(), Mask))
            .Concat(WebSocketFrameEncoder.Encode(true, WebSocketOpcode.Continuation, new byte[24], Mask)).ToArray();
        Assert.Equal(WebSocketOpcode.Pong, Decode(_session.Receive(ok, 0, ok.Length)!).Single().Opcode);
        Assert.Equal(1, _session.MessagesReceived);

        var big = WebSocketFrameEncoder.Encode(false, WebSocketOpcode.Binary, new byte[40], Mask)
            .Concat(WebSocketFrameEncoder.Encode(true, WebSocketOpcode.Continuation, new byte[25], Mask)).ToArray();
        var close = Decode(_session.Receive(big, 0, big.Length)!).Single();
        Assert.Equal(1009, (close.Payload[0] << 8) | close.Payload[1]);
    }

    [Fact]
    public void A_close_with_a_reserved_code_is_a_protocol_error()
    {
        var reply = Receive(WebSocketOpcode.Close, new byte[] { 0x03, 0xED });

        var close = Decode(reply!).Single();
        Assert.Equal(1002, (close.Payload[0] << 8) | close.Payload[1]);
    }

    private static List<WebSocketFrame> Decode(byte[] serverBytes) =>
        WebSocketFrameTests.Feed(new WebSocketFrameDecoder(125, expectMasked: false), serverBytes);

    private byte[]? Receive(int opcode, byte[] payload)
    {
        var frame = WebSocketFrameEncoder.Encode(true, opcode, payload, Mask);
        return _session.Receive(frame, 0, frame.Length);
    }
}
