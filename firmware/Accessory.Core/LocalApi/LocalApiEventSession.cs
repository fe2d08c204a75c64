using System;
using Accessory.Core.Cloud;
using Accessory.Core.Http;
using Accessory.Core.Ports;
using Accessory.Core.WebSockets;

namespace Accessory.Core.LocalApi;

/// <summary>
/// One client of /api/v1/events on a body that serves each connection on its own thread (the board): the lamp's
/// state on connect and after every change, pings answered, the closing handshake, and a close frame naming any
/// protocol error, all framed by <see cref="WebSocketServerSession"/>. A silent client ends when the body's read
/// times out (<see cref="LocalApiLimits.WebSocketIdleMilliseconds"/>). The simulator serves the same session
/// asynchronously, with its faults around it.
/// </summary>
public sealed class LocalApiEventSession : IConnectionUpgrade
{
    private const string Component = "api";
    private readonly LampState _lamp;
    private readonly LocalApiHttpService _owner;
    private readonly ILog? _log;
    private readonly WebSocketServerSession _session = new WebSocketServerSession(LocalApiLimits.MaxClientMessageBytes);
    private readonly object _writeGate = new object();
    private IByteChannel? _channel;
    private bool _dead;

    public LocalApiEventSession(LampState lamp, LocalApiHttpService owner, ILog? log)
    {
        _lamp = lamp;
        _owner = owner;
        _log = log;
    }

    public int IdleTimeoutMilliseconds => LocalApiLimits.WebSocketIdleMilliseconds;

    /// <inheritdoc/>
    public void Run(IByteChannel stream)
    {
        string reason = "client closed the connection";
        _channel = stream;
        _lamp.Changed += OnLampChanged;
        try
        {
            Send(LocalApiEvents.StateMessage(_lamp));
            var buffer = new byte[256];
            while (!_dead && !_session.Ended)
            {
                int read = stream.Read(buffer, 0, buffer.Length);
                if (read == 0)
                {
                    break;
                }

                lock (_writeGate)
                {
                    var reply = _session.Receive(buffer, 0, read);
                    if (reply != null)
                    {
                        WriteLocked(reply);
                    }
                }
            }

            if (_session.ProtocolError != null)
            {
                reason = "protocol error: " + _session.ProtocolError;
            }
            else if (_session.CloseReceived)
            {
                reason = "closing handshake (" + _session.PeerCloseCode + ")";
            }
        }
        catch (Exception e)
        {
            // A read timeout (the idle limit) or a reset: the stream is over either way.
            reason = e.Message;
        }
        finally
        {
            _lamp.Changed -= OnLampChanged;
            _dead = true;
            _owner.EventStreamClosed();
            try
            {
                stream.Close();
            }
            catch (Exception)
            {
                // Closed already.
            }

            if (_log != null && _log.IsEnabled(LogLevel.Debug))
            {
                _log.Write(LogLevel.Debug, Component, "event stream ended: " + reason);
            }
        }
    }

    private void OnLampChanged(LampState lamp)
    {
        Send(LocalApiEvents.StateMessage(lamp));
    }

    private void Send(byte[] message)
    {
        lock (_writeGate)
        {
            var frame = _session.Text(message);
            if (frame != null)
            {
                WriteLocked(frame);
            }
        }
    }

    private void WriteLocked(byte[] bytes)
    {
        var channel = _channel;
        if (_dead || channel == null)
        {
            return;
        }

        try
        {
            channel.Write(bytes, 0, bytes.Length);
        }
        catch (Exception)
        {
            // A client that stopped reading: closing unblocks the reader thread, which ends the stream.
            _dead = true;
            try
            {
                channel.Close();
            }
            catch (Exception)
            {
                // Closed already.
            }
        }
    }
}
