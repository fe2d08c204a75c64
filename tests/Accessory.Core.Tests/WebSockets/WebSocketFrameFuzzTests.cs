using Accessory.Core.WebSockets;

namespace Accessory.Core.Tests.WebSockets;

/// <summary>
/// Hostile bytes from the LAN go straight into the frame decoder and the session: whatever arrives, they fail only
/// with a protocol error carrying a close code, never another exception, and never hold more than the limit.
/// </summary>
public class WebSocketFrameFuzzTests
{
    [Fact]
    public void Twenty_thousand_random_byte_streams_fail_only_with_protocol_errors()
    {
        var random = new Random(20261206);
        int protocolErrors = 0;
        int frames = 0;
        for (int i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (bytes.Length > 1 && random.Next(2) == 0)
            {
                // Half look like plausible client headers (FIN, known opcode, mask bit), so payloads get decoded too.
                bytes[0] = (byte)(0x80 | new[] { 0, 1, 2, 8, 9, 10 }[random.Next(6)]);
                bytes[1] = (byte)(0x80 | random.Next(0, 40));
            }

            var decoder = new WebSocketFrameDecoder(256, expectMasked: true);
            try
            {
                int at = 0;
                while (at < bytes.Length)
                {
                    int chunk = Math.Min(bytes.Length - at, random.Next(1, 9));
                    int used = decoder.Consume(bytes, at, chunk);
                    at += used;
                    if (decoder.TakeFrame() is { } frame)
                    {
                        frames++;
                        Assert.True(frame.Payload.Length <= 256);
                    }
                }
            }
            catch (WebSocketProtocolException e)
            {
                protocolErrors++;
                Assert.Contains(e.CloseCode, new[] { 1002, 1009 });
            }
        }

        Assert.True(protocolErrors > 1000, "the fuzz never reached a protocol error");
        Assert.True(frames > 1000, "the fuzz never completed a frame");
    }

    [Fact]
    public void Twenty_thousand_random_client_streams_through_the_session_end_in_a_valid_close_or_keep_going()
    {
        var random = new Random(6455);
        int protocolErrors = 0;
        for (int i = 0; i < 20_000; i++)
        {
            var session = new WebSocketServerSession(512);
            var wire = new List<byte>();
            int count = random.Next(1, 6);
            for (int f = 0; f < count; f++)
            {
                int opcode = new[] { 0, 1, 2, 8, 9, 10 }[random.Next(6)];
                var payload = new byte[WebSocketOpcode.IsControl(opcode) ? random.Next(0, 126) : random.Next(0, 700)];
                random.NextBytes(payload);
                var mask = new byte[4];
                random.NextBytes(mask);
                wire.AddRange(WebSocketFrameEncoder.Encode(random.Next(4) != 0, opcode, payload, mask));
            }

            var bytes = wire.ToArray();
            if (random.Next(4) == 0)
            {
                bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
            }

            var reply = session.Receive(bytes, 0, bytes.Length);
            if (session.Ended && !session.CloseReceived)
            {
                // A protocol error: the last thing sent is a close frame with a code a client accepts.
                protocolErrors++;
                Assert.NotNull(reply);
                var frames = WebSocketFrameTests.Feed(new WebSocketFrameDecoder(125, expectMasked: false), reply!);
                var close = frames[^1];
                Assert.Equal(WebSocketOpcode.Close, close.Opcode);
                Assert.True(WebSocketCloseCode.IsValidOnWire((close.Payload[0] << 8) | close.Payload[1]));
            }
        }

        // The close checks above must have run: random opcodes, flipped bytes and oversized frames make protocol errors common.
        Assert.True(protocolErrors > 1_000, $"only {protocolErrors} of 20,000 streams ended in a protocol error");
    }
}
