using Accessory.Core.Text;

namespace Accessory.Core.WebSockets;

/// <summary>
/// The server side of one WebSocket after the handshake, without I/O: received bytes in, bytes to send back out
/// (pongs, the closing handshake, a close frame naming a protocol error), and the server's own messages framed.
/// Both bodies run their event streams through it, so a phone sees the same frames from either. Thread-safe: a
/// reader and a sender may call it at once; the caller keeps its writes in the order it got the bytes.
/// </summary>
public sealed class WebSocketServerSession
{
    private readonly object _gate = new object();
    private readonly WebSocketFrameDecoder _decoder;
    private readonly int _maxMessageBytes;
    private readonly ByteBuilder _message = new ByteBuilder(64);
    private int _messageOpcode = -1;

    /// <param name="maxMessageBytes">The largest message (all fragments together) a client may send; more is 1009.</param>
    public WebSocketServerSession(int maxMessageBytes)
    {
        _maxMessageBytes = maxMessageBytes;
        _decoder = new WebSocketFrameDecoder(maxMessageBytes < 125 ? 125 : maxMessageBytes, true);
    }

    /// <summary>True once a close frame went out (no message may follow it).</summary>
    public bool CloseSent { get; private set; }

    /// <summary>True once the client's close frame arrived.</summary>
    public bool CloseReceived { get; private set; }

    /// <summary>The connection is over: close the transport once the bytes returned last are sent.</summary>
    public bool Ended { get; private set; }

    /// <summary>The status code of the client's close frame (1005 when it carried none), or -1.</summary>
    public int PeerCloseCode { get; private set; } = -1;

    /// <summary>Why the session ended on a client's protocol error, or null.</summary>
    public string? ProtocolError { get; private set; }

    /// <summary>Messages the client sent (the events stream reads none of them; counted for the logs).</summary>
    public int MessagesReceived { get; private set; }

    /// <summary>Processes bytes from the client; returns the bytes to send back, or null for none.</summary>
    public byte[]? Receive(byte[] data, int offset, int count)
    {
        lock (_gate)
        {
            if (Ended)
            {
                return null;
            }

            var reply = new ByteBuilder(16);
            try
            {
                int at = offset;
                int end = offset + count;
                while (!Ended && (at < end || _decoder.HasFrame))
                {
                    at += _decoder.Consume(data, at, end - at);
                    var frame = _decoder.TakeFrame();
                    if (frame != null)
                    {
                        Handle(frame, reply);
                    }
                }
            }
            catch (WebSocketProtocolException e)
            {
                ProtocolError = e.Message;
                Ended = true;
                if (!CloseSent)
                {
                    CloseSent = true;
                    reply.Append(WebSocketFrameEncoder.Encode(WebSocketOpcode.Close, WebSocketFrameEncoder.ClosePayload(e.CloseCode, e.Message)));
                }
            }

            return reply.Length == 0 ? null : reply.ToArray();
        }
    }

    /// <summary>A text message as a frame; null once the session is closing (nothing may follow a close).</summary>
    public byte[]? Text(byte[] message)
    {
        lock (_gate)
        {
            return CloseSent || Ended ? null : WebSocketFrameEncoder.Encode(WebSocketOpcode.Text, message);
        }
    }

    /// <summary>
    /// Starts the closing handshake with <paramref name="code"/>; returns the close frame, or null when one was sent
    /// already. The session ends when the client's close arrives (or the caller gives up waiting).
    /// </summary>
    public byte[]? Close(int code, string reason)
    {
        lock (_gate)
        {
            if (CloseSent)
            {
                return null;
            }

            CloseSent = true;
            if (CloseReceived)
            {
                Ended = true;
            }

            return WebSocketFrameEncoder.Encode(WebSocketOpcode.Close, WebSocketFrameEncoder.ClosePayload(code, reason));
        }
    }

    private void Handle(WebSocketFrame frame, ByteBuilder reply)
    {
        switch (frame.Opcode)
        {
            case WebSocketOpcode.Ping:
                if (!CloseSent)
                {
                    reply.Append(WebSocketFrameEncoder.Encode(WebSocketOpcode.Pong, frame.Payload));
                }

                return;
            case WebSocketOpcode.Pong:
                return;
            case WebSocketOpcode.Close:
                OnClose(frame.Payload, reply);
                return;
            default:
                OnData(frame);
                return;
        }
    }

    private void OnClose(byte[] payload, ByteBuilder reply)
    {
        int code = WebSocketCloseCode.NoStatus;
        if (payload.Length == 1)
        {
            throw new WebSocketProtocolException(WebSocketCloseCode.ProtocolError, "a close frame's status code takes two bytes");
        }

        if (payload.Length >= 2)
        {
            code = (payload[0] << 8) | payload[1];
            if (!WebSocketCloseCode.IsValidOnWire(code))
            {
                throw new WebSocketProtocolException(WebSocketCloseCode.ProtocolError, "close status " + code + " may not be sent");
            }

            var reason = new byte[payload.Length - 2];
            System.Array.Copy(payload, 2, reason, 0, reason.Length);
            if (!Utf8.IsValid(reason))
            {
                throw new WebSocketProtocolException(WebSocketCloseCode.InvalidPayload, "the close reason is not UTF-8");
            }
        }

        PeerCloseCode = code;
        CloseReceived = true;
        Ended = true;
        if (!CloseSent)
        {
            // Echo the client's status (RFC 6455 5.5.1); a close without one is answered with a normal closure.
            CloseSent = true;
            int answer = code == WebSocketCloseCode.NoStatus ? WebSocketCloseCode.Normal : code;
            reply.Append(WebSocketFrameEncoder.Encode(WebSocketOpcode.Close, WebSocketFrameEncoder.ClosePayload(answer, string.Empty)));
        }
    }

    private void OnData(WebSocketFrame frame)
    {
        if (frame.Opcode == WebSocketOpcode.Continuation)
        {
            if (_messageOpcode < 0)
            {
                throw new WebSocketProtocolException(WebSocketCloseCode.ProtocolError, "a continuation frame without a message to continue");
            }
        }
        else
        {
            if (_messageOpcode >= 0)
            {
                throw new WebSocketProtocolException(WebSocketCloseCode.ProtocolError, "a new message began before the previous one ended");
            }

            _messageOpcode = frame.Opcode;
            _message.Clear();
        }

        if (_message.Length + frame.Payload.Length > _maxMessageBytes)
        {
            throw new WebSocketProtocolException(WebSocketCloseCode.MessageTooBig, "message larger than " + _maxMessageBytes + " bytes");
        }

        _message.Append(frame.Payload);
        if (!frame.Fin)
        {
            return;
        }

        if (_messageOpcode == WebSocketOpcode.Text && !Utf8.IsValid(_message.ToArray()))
        {
            throw new WebSocketProtocolException(WebSocketCloseCode.InvalidPayload, "a text message that is not UTF-8");
        }

        MessagesReceived++;
        _messageOpcode = -1;
        _message.Clear();
    }
}
