using Accessory.Phone.Ble;
using Accessory.Simulator.Ble.Virtual;

namespace Accessory.Simulator.Tests.Ble;

/// <summary>Seeded, bounded fuzzing: both decoders are total, and a live server survives random frames.</summary>
public class VirtualFrameFuzzTests
{
    private const int Frames = 50_000;

    [Fact]
    public void The_server_decoder_answers_every_random_body_with_exactly_a_request_or_an_error()
    {
        var random = new Random(20261130);
        int requests = 0;
        for (int i = 0; i < Frames; i++)
        {
            var body = RandomBody(random);
            var decoded = VirtualFrameCodec.Decode(body);

            Assert.True((decoded.Request == null) != (decoded.Error == null), Convert.ToHexString(body));
            Assert.True(decoded.Error == null || decoded.Error.Message.Length > 0);
            requests += decoded.Request != null ? 1 : 0;
            VirtualFrameCodec.ReadLength(body.AsSpan(0, Math.Min(4, body.Length)), out _);
        }

        // The generator must reach the decoder's accepting paths too, not only its refusals.
        Assert.InRange(requests, Frames / 100, Frames - (Frames / 100));
    }

    [Fact]
    public void The_client_decoders_never_throw_on_random_bytes()
    {
        var random = new Random(11302026);
        int frames = 0;
        for (int i = 0; i < Frames; i++)
        {
            var body = RandomBody(random);
            var payload = body.AsSpan(Math.Min(3, body.Length));

            frames += LinkFrameCodec.TryDecode(body, out var frame, out var error) ? 1 : 0;
            Assert.True(frame != null || error.Length > 0);
            Assert.Equal(LinkFrameCodec.TryParseDiscovery(payload, out var services, out _), services != null);
            Assert.Equal(LinkFrameCodec.TryParseAdvertisement(payload, out var advertisement, out _), advertisement != null);
            Assert.Equal(LinkFrameCodec.TryParseNotification(payload, out var notification, out _), notification != null);
        }

        Assert.InRange(frames, 1, Frames - 1);
    }

    [Fact]
    public async Task A_live_server_answers_every_random_frame_and_then_serves_a_new_client()
    {
        await using var link = await LinkHarness.StartAsync();
        var random = new Random(42);
        using (var raw = new RawLink(link.SocketPath))
        {
            for (int i = 0; i < 500; i++)
            {
                var body = RandomBody(random);
                if (body.Length < 3)
                {
                    continue;
                }

                // Disconnect would end this socket, and writes without response get no answer.
                body[0] = body[0] is 0x07 or 0x05 ? (byte)0x04 : body[0];
                body[1] = (byte)(i >> 8);
                body[2] = (byte)i;
                raw.Send([(byte)0, 0, (byte)(body.Length >> 8), (byte)body.Length, .. body]);
                var reply = await raw.ReceiveAsync();

                Assert.NotNull(reply);
                Assert.Equal([(byte)(i >> 8), (byte)i], reply[1..3]);
            }
        }

        await using var client = await link.ClientAsync();
        Assert.Equal(link.Gatt.LongValue, await client.ReadAsync(link.Gatt.Long.Handle));
    }

    // Mostly short bodies with plausible opcodes, so every decoder branch sees both good and bad payloads.
    private static byte[] RandomBody(Random random)
    {
        var body = new byte[random.Next(0, 48)];
        random.NextBytes(body);
        if (body.Length > 0 && random.Next(4) != 0)
        {
            byte[] opcodes = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x40, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0xFF];
            body[0] = opcodes[random.Next(opcodes.Length)];
        }

        if (body.Length > 3 && random.Next(2) == 0)
        {
            Array.Resize(ref body, 3 + random.Next(0, 6));
        }

        return body;
    }
}
