using System;
using System.Collections;
using Accessory.Core.Cloud;
using Accessory.Core.Http;
using Accessory.Core.Ports;
using Accessory.Core.WebSockets;

namespace Accessory.Core.LocalApi;

/// <summary>
/// One client of /api/v1/events on a body that serves each connection on its own thread (the board): the lamp's
/// state on connect and after every change, pings answered, the closing handshake, and a close frame naming any
/// protocol error, all framed by <see cref="WebSocketServerSession"/>. Every read and write happens on the
/// connection's thread (a lamp change only queues its message), because one TLS session must not be read and
/// written from two threads at once on the board. A client silent for
/// <see cref="LocalApiLimits.WebSocketIdleMilliseconds"/> is closed. The simulator serves the same session
/// asynchronously, with its faults around it.
/// </summary>
public sealed class LocalApiEventSession : IConnectionUpgrade
{
    private const string Component = "api";

    // How often the loop looks at the queue while the client is silent: the latency of a state event.
    private const int PollMilliseconds = 50;

    // A slow client gets the newest states; an event stream of stale lamp states is worth nothing.
    private const int MaxQueued = 8;
    private readonly LampState _lamp;
    private readonly LocalApiHttpService _owner;
    private readonly IClock _clock;
    private readonly ILog? _log;
    private readonly WebSocketServerSession _session = new WebSocketServerSession(LocalApiLimits.MaxClientMessageBytes);
    private readonly ArrayList _queue = new ArrayList();
    private readonly object _gate = new object();

    public LocalApiEventSession(LampState lamp, LocalApiHttpService owner, IClock clock, ILog? log)
    {
        _lamp = lamp;
        _owner = owner;
        _clock = clock;
        _log = log;
    }

    /// <summary>The body's read timeout while upgraded: longer than the idle limit, which this loop applies itself.</summary>
    public int IdleTimeoutMilliseconds => LocalApiLimits.WebSocketIdleMilliseconds + 10000;

    /// <inheritdoc/>
    public void Run(IByteChannel stream)
    {
        string reason = "client closed the connection";
        _lamp.Changed += OnLampChanged;
        try
        {
            Enqueue(LocalApiEvents.StateMessage(_lamp));
            var buffer = new byte[256];
            long lastHeard = _clock.UptimeMilliseconds;
            while (!_session.Ended)
            {
                if (!SendQueued(stream))
                {
                    reason = "client stopped reading";
                    break;
                }

                if (!stream.WaitReadable(PollMilliseconds))
                {
                    if (_clock.UptimeMilliseconds - lastHeard >= LocalApiLimits.WebSocketIdleMilliseconds)
                    {
                        reason = "no frame from the client for " + (LocalApiLimits.WebSocketIdleMilliseconds / 1000) + " s";
                        break;
                    }

                    continue;
                }

                int read = stream.Read(buffer, 0, buffer.Length);
                if (read == 0)
                {
                    break;
                }

                lastHeard = _clock.UptimeMilliseconds;
                var reply = _session.Receive(buffer, 0, read);
                if (reply != null)
                {
                    stream.Write(reply, 0, reply.Length);
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
            // A reset or a write that timed out: the stream is over either way.
            reason = e.Message;
        }
        finally
        {
            _lamp.Changed -= OnLampChanged;
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
        Enqueue(LocalApiEvents.StateMessage(lamp));
    }

    private void Enqueue(byte[] message)
    {
        lock (_gate)
        {
            if (_queue.Count == MaxQueued)
            {
                _queue.RemoveAt(0);
            }

            _queue.Add(message);
        }
    }

    // False when a frame could not be written.
    private bool SendQueued(IByteChannel stream)
    {
        while (true)
        {
            byte[] message;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    return true;
                }

                message = (byte[])_queue[0]!;
                _queue.RemoveAt(0);
            }

            var frame = _session.Text(message);
            if (frame == null)
            {
                return true;
            }

            try
            {
                stream.Write(frame, 0, frame.Length);
            }
            catch (Exception)
            {
                return false;
            }
        }
    }
}
