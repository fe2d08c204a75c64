using System.Net.WebSockets;
using System.Threading.Channels;
using Accessory.Core.Cloud;
using Accessory.Core.LocalApi;
using Accessory.Core.Ports;
using Accessory.Simulator.Faults;

namespace Accessory.Simulator.LocalApi;

/// <summary>
/// One client of <c>/api/v1/events</c>: the lamp's state on connect and after every change, with the WebSocket
/// faults applied on the wire: ws.abort (TCP dropped with no close frame), ws.close (a chosen close code) and
/// ws.no-pong (pings go unanswered). Faults set while the session is open take effect at once.
/// </summary>
internal sealed class EventsWebSocketSession
{
    private const string Component = "api";
    private static readonly TimeSpan ClosingHandshakeWait = TimeSpan.FromSeconds(5);
    private readonly ApiConnection _connection;
    private readonly LampState _lamp;
    private readonly ActiveFaults _faults;
    private readonly ILog _log;
    private readonly Channel<byte[]?> _outbox = Channel.CreateBounded<byte[]?>(new BoundedChannelOptions(64)
    {
        // A slow client gets the newest states; an event stream of stale lamp states is worth nothing.
        FullMode = BoundedChannelFullMode.DropOldest,
    });

    public EventsWebSocketSession(ApiConnection connection, LampState lamp, ActiveFaults faults, ILog log)
    {
        _connection = connection;
        _lamp = lamp;
        _faults = faults;
        _log = log;
    }

    public async Task RunAsync(CancellationToken cancellation)
    {
        var activity = new ReadActivityStream(_connection.Stream);
        var wire = new PongFilterStream(activity, () => _faults.TryGet(FaultNames.WsNoPong, out _));
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _ = CloseWhenIdleAsync(activity, watching.Token);
        using var socket = WebSocket.CreateFromStream(wire, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        _lamp.Changed += OnLampChanged;
        _faults.Changed += OnFaultsChanged;
        try
        {
            _outbox.Writer.TryWrite(LocalApiEvents.StateMessage(_lamp));
            var receiving = ReceiveUntilClosedAsync(socket, cancellation);
            await SendAsync(socket, receiving, cancellation).ConfigureAwait(false);
        }
        finally
        {
            await watching.CancelAsync().ConfigureAwait(false);
            _lamp.Changed -= OnLampChanged;
            _faults.Changed -= OnFaultsChanged;
            _outbox.Writer.TryComplete();
        }
    }

    // A client that sends nothing (not even a ping or pong) for WebSocketIdle is gone or hoarding a slot of the cap.
    private async Task CloseWhenIdleAsync(ReadActivityStream activity, CancellationToken cancellation)
    {
        try
        {
            while (true)
            {
                var left = LocalApiLimits.WebSocketIdle - activity.Idle;
                if (left <= TimeSpan.Zero)
                {
                    _log.Write(LogLevel.Information, Component, "WebSocket idle for " + LocalApiLimits.WebSocketIdle.TotalSeconds + " s (no frame from the client); closing it");
                    await _connection.CloseGracefullyAsync(cancellation).ConfigureAwait(false);
                    return;
                }

                await Task.Delay(left, cancellation).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The session ended first.
        }
    }

    private async Task SendAsync(WebSocket socket, Task receiving, CancellationToken cancellation)
    {
        int sent = 0;
        while (true)
        {
            if (await ApplyFaultsAsync(socket, sent, receiving).ConfigureAwait(false))
            {
                return;
            }

            var next = _outbox.Reader.WaitToReadAsync(cancellation).AsTask();
            if (await Task.WhenAny(next, receiving).ConfigureAwait(false) == receiving)
            {
                await FinishClientCloseAsync(socket, cancellation).ConfigureAwait(false);
                return;
            }

            if (!await next.ConfigureAwait(false))
            {
                return;
            }

            while (_outbox.Reader.TryRead(out var message))
            {
                if (message is null)
                {
                    // A fault changed: look at the faults again before sending anything more.
                    break;
                }

                try
                {
                    await socket.SendAsync(message, WebSocketMessageType.Text, true, cancellation).ConfigureAwait(false);
                }
                catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
                {
                    _connection.Abort();
                    return;
                }

                sent++;
                if (await ApplyFaultsAsync(socket, sent, receiving).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
    }

    // True when a fault ended the session.
    private async Task<bool> ApplyFaultsAsync(WebSocket socket, int sent, Task receiving)
    {
        if (_faults.TryGet(FaultNames.WsAbort, out var abort) && sent >= abort.GetInt("after"))
        {
            _log.Write(LogLevel.Information, Component, "fault ws.abort: dropping the WebSocket connection without a close frame");
            _connection.Abort();
            return true;
        }

        if (_faults.TryGet(FaultNames.WsClose, out var close) && sent >= close.GetInt("after"))
        {
            int code = close.GetInt("code");
            _log.Write(LogLevel.Information, Component, $"fault ws.close: closing the WebSocket with code {code}");
            try
            {
                using var timeout = new CancellationTokenSource(ClosingHandshakeWait);
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, close.GetString("reason"), timeout.Token).ConfigureAwait(false);
                await Task.WhenAny(receiving, Task.Delay(ClosingHandshakeWait, CancellationToken.None)).ConfigureAwait(false);
                await _connection.CloseGracefullyAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                _connection.Abort();
            }

            return true;
        }

        return false;
    }

    private async Task FinishClientCloseAsync(WebSocket socket, CancellationToken cancellation)
    {
        try
        {
            if (socket.State == WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cancellation).ConfigureAwait(false);
                await _connection.CloseGracefullyAsync(cancellation).ConfigureAwait(false);
                return;
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Fall through to a plain abort: the client is gone.
        }

        _connection.Abort();
    }

    // Reads (and discards) what the client sends, so pings and the close handshake are processed; ends on close or error.
    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationToken cancellation)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellation).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection ended under us; the sender notices and stops.
        }
    }

    private void OnLampChanged(LampState lamp) => _outbox.Writer.TryWrite(LocalApiEvents.StateMessage(lamp));

    private void OnFaultsChanged(object? sender, FaultChangedEventArgs e) => _outbox.Writer.TryWrite(null);
}
