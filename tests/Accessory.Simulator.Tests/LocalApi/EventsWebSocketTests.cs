using System.Net.WebSockets;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>
/// /api/v1/events with .NET's ClientWebSocket: state pushes, and the WebSocket faults as a client sees them:
/// ws.abort (no close frame: "closed prematurely", no close status), ws.close (the chosen code and reason),
/// ws.no-pong (the client's keep-alive pings go unanswered and it gives up).
/// </summary>
public sealed class EventsWebSocketTests
{
    [Fact]
    public async Task The_current_state_arrives_on_connect_and_every_change_is_pushed()
    {
        await using var d = await LocalApiDevice.StartAsync();
        using var events = await EventsClient.ConnectAsync(d);

        var first = await events.ReceiveAsync();
        Assert.Contains("\"type\":\"state\"", first, StringComparison.Ordinal);
        Assert.Contains("\"on\":false", first, StringComparison.Ordinal);

        using var client = d.CreateHttpsClient();
        using var put = await client.PutAsync("/api/v1/state", new StringContent("{\"on\":true}"));
        var pushed = await events.ReceiveAsync();
        Assert.Contains("\"on\":true", pushed, StringComparison.Ordinal);

        await events.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        Assert.Equal(WebSocketState.Closed, events.Socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, events.Socket.CloseStatus);
    }

    [Fact]
    public async Task Ws_abort_drops_the_connection_with_no_close_frame()
    {
        await using var d = await LocalApiDevice.StartAsync(null, "ws.abort:after=1");
        using var events = await EventsClient.ConnectAsync(d);

        Assert.NotNull(await events.ReceiveAsync());
        var error = await Assert.ThrowsAsync<WebSocketException>(() => events.ReceiveAsync());

        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, error.WebSocketErrorCode);
        Assert.Null(events.Socket.CloseStatus);
        Assert.Equal(WebSocketState.Aborted, events.Socket.State);
    }

    [Fact]
    public async Task Ws_abort_set_while_a_client_is_connected_takes_effect_at_once()
    {
        await using var d = await LocalApiDevice.StartAsync();
        using var events = await EventsClient.ConnectAsync(d);
        Assert.NotNull(await events.ReceiveAsync());

        d.Faults.Set(Accessory.Simulator.Faults.FaultSpec.Parse("ws.abort"));

        var error = await Assert.ThrowsAsync<WebSocketException>(() => events.ReceiveAsync());
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, error.WebSocketErrorCode);
    }

    [Fact]
    public async Task Ws_close_sends_the_chosen_code_and_reason()
    {
        await using var d = await LocalApiDevice.StartAsync(null, "ws.close:code=4001,reason=\"maintenance, back soon\",after=1");
        using var events = await EventsClient.ConnectAsync(d);

        Assert.NotNull(await events.ReceiveAsync());
        Assert.Null(await events.ReceiveAsync());

        Assert.Equal((WebSocketCloseStatus)4001, events.Socket.CloseStatus);
        Assert.Equal("maintenance, back soon", events.Socket.CloseStatusDescription);
    }

    [Fact]
    public async Task Ws_no_pong_makes_a_client_with_a_keep_alive_timeout_give_up_while_a_healthy_server_keeps_it()
    {
        await using var d = await LocalApiDevice.StartAsync();
        // Margins for a loaded CI machine: the starved client gives up after about interval + timeout (1.8 s), the
        // healthy one must survive five such periods.
        var interval = TimeSpan.FromMilliseconds(300);
        var timeout = TimeSpan.FromMilliseconds(1500);
        var quiet = TimeSpan.FromSeconds(9);

        // No message for nine seconds, pings every 300 ms: answered pongs keep it open until our own deadline.
        using (var healthy = await EventsClient.ConnectAsync(d, interval, timeout))
        {
            Assert.NotNull(await healthy.ReceiveAsync());
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => healthy.ReceiveAsync(quiet));
            Assert.True(watch.Elapsed >= quiet - TimeSpan.FromMilliseconds(100), "a healthy connection ended after " + watch.Elapsed);
        }

        d.Faults.Set(Accessory.Simulator.Faults.FaultSpec.Parse("ws.no-pong"));
        using var starved = await EventsClient.ConnectAsync(d, interval, timeout);
        Assert.NotNull(await starved.ReceiveAsync());
        var starving = System.Diagnostics.Stopwatch.StartNew();

        // The client aborts on its own keep-alive timeout, long before our deadline.
        await Assert.ThrowsAnyAsync<Exception>(() => starved.ReceiveAsync(quiet));
        Assert.True(starving.Elapsed < TimeSpan.FromSeconds(6), "the client waited " + starving.Elapsed + " for pongs");
        Assert.Equal(WebSocketState.Aborted, starved.Socket.State);
    }

    [Fact]
    public async Task A_plain_get_on_the_events_path_is_told_to_upgrade()
    {
        await using var d = await LocalApiDevice.StartAsync();
        using var client = d.CreateHttpsClient();

        using var response = await client.GetAsync("/api/v1/events");

        Assert.Equal(System.Net.HttpStatusCode.UpgradeRequired, response.StatusCode);
    }
}
