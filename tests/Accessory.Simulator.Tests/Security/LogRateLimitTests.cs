using Accessory.Simulator.Tests.Ble;

namespace Accessory.Simulator.Tests.Security;

/// <summary>Garbage that anyone in radio range can send costs one log line per window, not one line per frame.</summary>
public class LogRateLimitTests
{
    [Fact]
    public async Task A_hundred_malformed_ble_frames_on_a_hundred_connections_log_one_line()
    {
        await using var link = await LinkHarness.StartAsync();
        for (int i = 0; i < 100; i++)
        {
            using var raw = new RawLink(link.SocketPath);
            raw.Send([0x7F, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x05]);
            Assert.NotNull(await raw.ReceiveAsync());
        }

        Assert.Single(link.Log.Lines, l => l.Contains("malformed frame", StringComparison.Ordinal));
    }
}
