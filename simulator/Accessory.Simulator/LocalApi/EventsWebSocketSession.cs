using System.Threading.Channels;
using Accessory.Core.Cloud;
using Accessory.Core.LocalApi;
using Accessory.Core.Ports;
using Accessory.Core.WebSockets;
using Accessory.Simulator.Faults;

namespace Accessory.Simulator.LocalApi;

/// <summary>
/// One client of <c>/api/v1/events</c>: the lamp's state on connect and after every change. Every frame, pong and
/// closing handshake is the core's <see cref="WebSocketServerSession"/> (what the board's LocalApiEventSession runs
/// on its connection thread), driven here asynchronously, with the WebSocket faults applied around it on the wire:
/// ws.abort (TCP dropped with no close frame), ws.close (a chosen close code) and ws.no-pong (pongs withheld by
/// <see cref="PongFilterStream"/>). Faults set while the session is open take effect at once.
/// </summary>
internal sealed class EventsWebSocketSession : IDisposable
{
    private const string Component = "api";
    private static readonly TimeSpan ClosingHandshakeWait = TimeSpan.FromSeconds(5);
    private readonly ApiConnection _connection;
    private readonly LampState _lamp;
    private readonly ActiveFaults _faults;
    private readonly ILog _log;
    private readonly WebSocketServerSession _session = new(Accessory.Core.LocalApi.LocalApiLimits.MaxClientMessageBytes);
    private readonly SemaphoreSlim _writing = new(1, 1);
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
        _lamp.Changed += OnLampChanged;
        _faults.Changed += OnFaultsChanged;
        try
        {
            _outbox.Writer.TryWrite(LocalApiEvents.StateMessage(_lamp));
            var receiving = ReceiveUntilClosedAsync(wire, cancellation);
            await SendAsync(wire, receiving, cancellation).ConfigureAwait(false);
        }
        finally
        {
            await watching.CancelAsync().ConfigureAwait(false);
            _lamp.Changed -= OnLampChanged;
            _faults.Changed -= OnFaultsChanged;
            _outbox.Writer.TryComplete();
        }
    }

    public void Dispose() => _writing.Dispose();

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

    private async Task SendAsync(Stream wire, Task receiving, CancellationToken cancellation)
    {
        int sent = 0;
        while (true)
        {
            if (await ApplyFaultsAsync(wire, sent, receiving).ConfigureAwait(false))
            {
                return;
            }

            var next = _outbox.Reader.WaitToReadAsync(cancellation).AsTask();
            if (await Task.WhenAny(next, receiving).ConfigureAwait(false) == receiving)
            {
                await FinishAsync(cancellation).ConfigureAwait(false);
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

                var frame = _session.Text(message);
                if (frame is null || !await WriteAsync(wire, frame, cancellation).ConfigureAwait(false))
                {
                    await FinishAsync(cancellation).ConfigureAwait(false);
                    return;
                }

                sent++;
                if (await ApplyFaultsAsync(wire, sent, receiving).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
    }

    // True when a fault ended the session.
    private async Task<bool> ApplyFaultsAsync(Stream wire, int sent, Task receiving)
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
            using var timeout = new CancellationTokenSource(ClosingHandshakeWait);
            var frame = _session.Close(code, close.GetString("reason"));
            if (frame is not null && await WriteAsync(wire, frame, timeout.Token).ConfigureAwait(false))
            {
                await Task.WhenAny(receiving, Task.Delay(ClosingHandshakeWait, CancellationToken.None)).ConfigureAwait(false);
                await _connection.CloseGracefullyAsync(timeout.Token).ConfigureAwait(false);
            }
            else
            {
                _connection.Abort();
            }

            return true;
        }

        return false;
    }

    // The receiver stopped: after a closing handshake or a protocol error (its close frame already sent) the
    // connection ends cleanly; a client that vanished gets an abort.
    private async Task FinishAsync(CancellationToken cancellation)
    {
        if (_session.Ended && _session.CloseSent)
        {
            await _connection.CloseGracefullyAsync(cancellation).ConfigureAwait(false);
            return;
        }

        _connection.Abort();
    }

    // Reads what the client sends through the core's session, which answers pings and the close handshake; ends on
    // the session's end or a transport error.
    private async Task ReceiveUntilClosedAsync(Stream wire, CancellationToken cancellation)
    {
        var buffer = new byte[4096];
        try
        {
            while (!_session.Ended)
            {
                int read = await wire.ReadAsync(buffer, cancellation).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                var reply = _session.Receive(buffer, 0, read);
                if (reply is not null && !await WriteAsync(wire, reply, cancellation).ConfigureAwait(false))
                {
                    return;
                }
            }

            if (_session.ProtocolError is { } error)
            {
                _log.Write(LogLevel.Information, Component, "WebSocket closed on a protocol error: " + error);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection ended under us; the sender notices and stops.
        }
    }

    // One writer at a time, so a pong never lands inside a state frame. False when the connection is gone.
    private async Task<bool> WriteAsync(Stream wire, byte[] bytes, CancellationToken cancellation)
    {
        try
        {
            await _writing.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                await wire.WriteAsync(bytes, cancellation).ConfigureAwait(false);
                await wire.FlushAsync(cancellation).ConfigureAwait(false);
                return true;
            }
            finally
            {
                _writing.Release();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            _connection.Abort();
            return false;
        }
    }

    private void OnLampChanged(LampState lamp) => _outbox.Writer.TryWrite(LocalApiEvents.StateMessage(lamp));

    private void OnFaultsChanged(object? sender, FaultChangedEventArgs e) => _outbox.Writer.TryWrite(null);
}
