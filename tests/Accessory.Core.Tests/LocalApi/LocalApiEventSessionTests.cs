using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Accessory.Core.Http;
using Accessory.Core.LocalApi;
using Accessory.Core.Settings;

namespace Accessory.Core.Tests.LocalApi;

/// <summary>
/// The core's event stream served the board's way (a blocking loop on a connection's thread) over a real loopback
/// socket, with .NET's own ClientWebSocket as the phone: the handshake, the state on connect and on change, pongs
/// to its keep-alive pings and the closing handshake all interoperate with an independent implementation.
/// </summary>
public sealed class LocalApiEventSessionTests
{
    private readonly LocalApiHarness _device = new();
    private readonly AccessToken _token = AccessToken.LoadOrCreate(new DeviceSettings(), new SeededRandom(11), out _);

    [Fact]
    public async Task A_phone_gets_the_state_then_each_change_its_pings_answered_and_a_clean_close()
    {
        var service = new LocalApiHttpService(_device.Router, _token, _device.Lamp, new ManualClock(), new BrowserRequestGuard([]), 2, 16, null);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var served = Task.Run(() => ServeOne(listener, service));
        using var client = new ClientWebSocket();
        client.Options.SetRequestHeader("Authorization", "Bearer " + _token.Value);
        // The client aborts if a ping goes unanswered for a second: only real pongs keep it alive.
        client.Options.KeepAliveInterval = TimeSpan.FromMilliseconds(100);
        client.Options.KeepAliveTimeout = TimeSpan.FromSeconds(1);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        await client.ConnectAsync(new Uri("ws://127.0.0.1:" + port + "/api/v1/events"), timeout.Token);
        string first = await ReceiveText(client, timeout.Token);
        // The client reads pongs only while a receive is pending, so wait for the change with one outstanding.
        var next = ReceiveText(client, timeout.Token);
        await Task.Delay(1500, timeout.Token);
        _device.Lamp.SetPower(true);
        string second = await next;
        Assert.Equal(1, service.OpenEventStreams);
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        await served.WaitAsync(timeout.Token);

        AssertStateEvent(first, on: false);
        AssertStateEvent(second, on: true);
        Assert.Equal(WebSocketState.Closed, client.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        Assert.Equal(0, service.OpenEventStreams);
    }

    [Fact]
    public async Task A_client_silent_for_the_idle_limit_is_closed_and_its_slot_given_back()
    {
        var clock = new ManualClock();
        var service = new LocalApiHttpService(_device.Router, _token, _device.Lamp, clock, new BrowserRequestGuard([]), 1, 16, null);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var served = Task.Run(() => ServeOne(listener, service));
        using var client = new ClientWebSocket();
        client.Options.SetRequestHeader("Authorization", "Bearer " + _token.Value);
        client.Options.KeepAliveInterval = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        await client.ConnectAsync(new Uri("ws://127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port + "/api/v1/events"), timeout.Token);
        await ReceiveText(client, timeout.Token);
        clock.Advance(LocalApiLimits.WebSocketIdleMilliseconds - 1);
        await Task.Delay(300, timeout.Token);
        Assert.False(served.IsCompleted);
        clock.Advance(1);
        await served.WaitAsync(timeout.Token);

        await Assert.ThrowsAsync<WebSocketException>(() => client.ReceiveAsync(new byte[16], timeout.Token));
        Assert.Equal(0, service.OpenEventStreams);
    }

    // Read with System.Text.Json, not the core's own writer, so an encoding mistake cannot be mirrored here.
    private void AssertStateEvent(string text, bool on)
    {
        using var json = System.Text.Json.JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal(2, root.EnumerateObject().Count());
        Assert.Equal("state", root.GetProperty("type").GetString());
        var state = root.GetProperty("state");
        Assert.Equal(2, state.EnumerateObject().Count());
        Assert.Equal(on, state.GetProperty("on").GetBoolean());
        Assert.Equal(_device.Lamp.Brightness, state.GetProperty("brightness").GetInt32());
    }

    private static async Task<string> ReceiveText(ClientWebSocket client, CancellationToken cancellation)
    {
        var buffer = new byte[1024];
        var result = await client.ReceiveAsync(buffer, cancellation);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        Assert.True(result.EndOfMessage);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    // What the board's TcpHttpServer does with one connection, minus TLS.
    private static void ServeOne(TcpListener listener, LocalApiHttpService service)
    {
        using var socket = listener.AcceptSocket();
        var channel = new SocketChannel(new NetworkStream(socket, ownsSocket: true));
        var request = new HttpRequestParser(1024, 4096, true).Read(channel)!;
        var response = service.Handle(1, "127.0.0.1", request)!;
        var bytes = response.ToBytes();
        channel.Write(bytes, 0, bytes.Length);
        Assert.NotNull(response.Upgrade);
        response.Upgrade!.Run(channel);
    }

    private sealed class SocketChannel : IByteChannel
    {
        private readonly NetworkStream _stream;

        public SocketChannel(NetworkStream stream)
        {
            _stream = stream;
        }

        public int Read(byte[] buffer, int offset, int count) => _stream.Read(buffer, offset, count);

        public bool WaitReadable(int milliseconds) => _stream.DataAvailable || _stream.Socket.Poll(milliseconds * 1000, SelectMode.SelectRead);

        public void Write(byte[] buffer, int offset, int count) => _stream.Write(buffer, offset, count);

        public void Close() => _stream.Dispose();
    }
}
