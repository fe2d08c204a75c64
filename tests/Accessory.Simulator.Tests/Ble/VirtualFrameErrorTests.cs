using System.Text;
using Accessory.Phone.Ble;
using Accessory.Simulator.Ble.Virtual;

namespace Accessory.Simulator.Tests.Ble;

/// <summary>Malformed input on the link: a specific error frame, and the server keeps serving.</summary>
public class VirtualFrameErrorTests
{
    [Theory]
    [InlineData(0u)]
    [InlineData(2u)]
    [InlineData(16385u)]
    [InlineData(0xFFFFFFFFu)]
    public async Task A_bad_length_gets_an_error_frame_then_the_socket_is_closed_and_others_are_still_served(uint length)
    {
        await using var link = await LinkHarness.StartAsync();
        using var raw = new RawLink(link.SocketPath);

        raw.Send([(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, 0x01, 0x00, 0x05]);

        var error = await raw.ReceiveAsync();
        Assert.Equal([0xFF, 0x00, 0x00, 0x04, 0x00], error![..5]);
        Assert.Contains($"frame length {length} is outside 3..16384", Encoding.UTF8.GetString(error, 6, error[5]), StringComparison.Ordinal);
        Assert.True(await raw.ClosedByServerAsync());
        await using var next = await VirtualBleClient.ConnectAsync(link.SocketPath);
        Assert.Equal("PROV_TEST01", next.Advertisement.LocalName);
        Assert.Contains(link.Log.Lines, l => l.Contains("malformed frame", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_opcode_is_refused_with_its_id_and_the_connection_stays_open()
    {
        await using var link = await LinkHarness.StartAsync();
        using var raw = new RawLink(link.SocketPath);

        raw.Send(RawLink.Frame(0x33, 0x1234, 1, 2));
        var error = await raw.ReceiveAsync();
        raw.Send(RawLink.Frame(0x01, 0x0002));
        var hello = await raw.ReceiveAsync();

        Assert.Equal([0xFF, 0x12, 0x34, 0x06, 0x33], error![..5]);
        Assert.Equal("unknown opcode 0x33", Encoding.UTF8.GetString(error, 6, error[5]));
        Assert.Equal([0x81, 0x00, 0x02, 0x00], hello![..4]);
    }

    [Theory]
    [InlineData(0x04, new byte[] { 0x00 }, "Read takes handle and offset (2 + 2 bytes); got 1 payload bytes")]
    [InlineData(0x02, new byte[0], "ExchangeMtu takes the client MTU (2 bytes); got 0 payload bytes")]
    [InlineData(0x05, new byte[] { 0, 3, 0, 0 }, "write needs handle, offset and flags (5 bytes) before the value, got 4")]
    [InlineData(0x05, new byte[] { 0, 3, 0, 0, 2 }, "write flags 0x02 has bits other than bit 0 (without response)")]
    [InlineData(0x06, new byte[] { 0, 3, 7 }, "subscribe on/off must be 0 or 1, got 7")]
    [InlineData(0x01, new byte[] { 9 }, "Hello takes no payload; got 1 payload bytes")]
    public async Task Truncated_or_inconsistent_payloads_get_a_specific_invalid_pdu_error(int opcode, byte[] payload, string message)
    {
        await using var link = await LinkHarness.StartAsync();
        using var raw = new RawLink(link.SocketPath);

        raw.Send(RawLink.Frame(opcode, 7, payload));
        var error = await raw.ReceiveAsync();

        Assert.Equal([0xFF, 0x00, 0x07, 0x04, (byte)opcode], error![..5]);
        Assert.Equal(message, Encoding.UTF8.GetString(error, 6, error[5]));
        raw.Send(RawLink.Frame(0x01, 8));
        Assert.Equal(0x81, (await raw.ReceiveAsync())![0]);
    }

    [Fact]
    public async Task A_single_write_longer_than_mtu_minus_3_is_refused_as_over_the_air()
    {
        await using var link = await LinkHarness.StartAsync();
        using var raw = new RawLink(link.SocketPath);
        int handle = link.Gatt.Echo.Handle;

        raw.Send(RawLink.Frame(0x05, 1, [0, (byte)handle, 0, 0, 0, .. new byte[21]]));
        var refused = await raw.ReceiveAsync();
        raw.Send(RawLink.Frame(0x05, 2, [0, (byte)handle, 0, 0, 0, .. new byte[20]]));
        var accepted = await raw.ReceiveAsync();

        Assert.Equal([0x85, 0x00, 0x01, 0x0D], refused);
        Assert.Equal([0x85, 0x00, 0x02, 0x00], accepted);
    }

    [Fact]
    public async Task A_write_without_response_gets_no_frame_back()
    {
        await using var link = await LinkHarness.StartAsync();
        using var raw = new RawLink(link.SocketPath);
        int handle = link.Gatt.Echo.Handle;

        raw.Send(RawLink.Frame(0x05, 1, [0, (byte)handle, 0, 0, 1, 0xAB]));
        raw.Send(RawLink.Frame(0x04, 2, [0, (byte)handle, 0, 0]));

        Assert.Equal([0x84, 0x00, 0x02, 0x00, 0xAB], await raw.ReceiveAsync());
    }

    [Fact]
    public async Task A_client_beyond_the_connection_limit_is_told_why_and_closed()
    {
        await using var link = await LinkHarness.StartAsync(new VirtualLinkLimits { MaxConnections = 1 });
        await using var first = await link.ClientAsync();

        var refused = await Assert.ThrowsAsync<BleLinkException>(() => VirtualBleClient.ConnectAsync(link.SocketPath));

        Assert.Contains("accepts 1 connections at once", refused.Message, StringComparison.Ordinal);
        Assert.Equal(link.Gatt.LongValue, await first.ReadAsync(link.Gatt.Long.Handle));
    }

    [Fact]
    public async Task A_silent_client_is_closed_after_the_idle_timeout()
    {
        await using var link = await LinkHarness.StartAsync(new VirtualLinkLimits { IdleTimeout = TimeSpan.FromMilliseconds(200) });
        using var raw = new RawLink(link.SocketPath);

        Assert.True(await raw.ClosedByServerAsync());
        Assert.True(await Support.Eventually.TrueAsync(() => link.Gatt.Server.ConnectionCount == 0, TimeSpan.FromSeconds(10)));
    }
}
