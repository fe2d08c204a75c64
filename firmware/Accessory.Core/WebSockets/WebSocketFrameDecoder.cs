using System;

namespace Accessory.Core.WebSockets;

/// <summary>
/// Decodes RFC 6455 frames from bytes as they arrive, in any split: no I/O, so the board's blocking loop and the
/// simulator's asynchronous one feed it the same way. Bounded: a header is at most 14 bytes and a payload at most
/// the limit given, checked before any payload byte is stored. Anything else the RFC forbids (reserved bits,
/// unknown opcodes, fragmented or long control frames, a 64-bit length with its top bit set, a frame masked or not
/// against what the side expects) is a <see cref="WebSocketProtocolException"/> with the close code to send.
/// </summary>
public sealed class WebSocketFrameDecoder
{
    private readonly int _maxPayloadBytes;
    private readonly bool _expectMasked;
    private readonly byte[] _header = new byte[14];
    private readonly byte[] _mask = new byte[4];
    private int _headerLength;
    private byte[]? _payload;
    private int _filled;
    private WebSocketFrame? _ready;
    private bool _failed;

    /// <param name="maxPayloadBytes">The largest payload accepted in one frame; more is 1009.</param>
    /// <param name="expectMasked">True on a server (clients must mask every frame), false on a client.</param>
    public WebSocketFrameDecoder(int maxPayloadBytes, bool expectMasked)
    {
        if (maxPayloadBytes < 125)
        {
            throw new ArgumentException("the payload limit must allow control frames (125 bytes)");
        }

        _maxPayloadBytes = maxPayloadBytes;
        _expectMasked = expectMasked;
    }

    /// <summary>True when a whole frame is waiting in <see cref="TakeFrame"/>.</summary>
    public bool HasFrame => _ready != null;

    /// <summary>
    /// Takes bytes from <paramref name="data"/> up to the end of the next frame; returns how many were used. Stops
    /// early when a frame is complete: take it with <see cref="TakeFrame"/>, then call again with the rest.
    /// </summary>
    public int Consume(byte[] data, int offset, int count)
    {
        if (data == null || offset < 0 || count < 0 || offset + count > data.Length)
        {
            throw new ArgumentException("offset and count must lie inside data");
        }

        if (_failed)
        {
            throw new InvalidOperationException("the decoder failed on a protocol error; the connection must close");
        }

        int used = 0;
        try
        {
            while (used < count && _ready == null)
            {
                if (_payload == null)
                {
                    _header[_headerLength++] = data[offset + used++];
                    if (_headerLength == 2)
                    {
                        CheckFirstBytes();
                    }

                    if (_headerLength >= 2 && _headerLength == HeaderLength())
                    {
                        StartPayload();
                    }
                }
                else
                {
                    int take = count - used;
                    if (take > _payload.Length - _filled)
                    {
                        take = _payload.Length - _filled;
                    }

                    bool masked = (_header[1] & 0x80) != 0;
                    for (int i = 0; i < take; i++)
                    {
                        byte b = data[offset + used + i];
                        _payload[_filled + i] = masked ? (byte)(b ^ _mask[(_filled + i) & 3]) : b;
                    }

                    _filled += take;
                    used += take;
                    if (_filled == _payload.Length)
                    {
                        Complete();
                    }
                }
            }
        }
        catch (WebSocketProtocolException)
        {
            _failed = true;
            throw;
        }

        return used;
    }

    /// <summary>The frame completed by the last <see cref="Consume"/>, or null.</summary>
    public WebSocketFrame? TakeFrame()
    {
        var frame = _ready;
        _ready = null;
        return frame;
    }

    private void CheckFirstBytes()
    {
        int opcode = _header[0] & 0x0F;
        bool fin = (_header[0] & 0x80) != 0;
        int length7 = _header[1] & 0x7F;
        bool masked = (_header[1] & 0x80) != 0;
        if ((_header[0] & 0x70) != 0)
        {
            throw new WebSocketProtocolException(WebSocketCloseCode.ProtocolError, "reserved bits set without a negotiated extension");
        }

        if (opcode != WebSocketOpcode.Continuation && opcode != WebSocketOpcode.Text && opcode != WebSocketOpcode.Binary
            && opcode != WebSocketOpcode.Close && opcode != WebSocketOpcode.Ping && opcode != WebSocketOpcode.Pong)
        {
            throw new WebSocketProtocolException(WebSocketCloseCode.ProtocolError, "unknown opcode " + opcode);
        }

        if (WebSocketOpcode.IsControl(opcode) && (!fin || length7 > 125))
        {
            throw new WebSocketProtocolException(WebSocketCloseCode.ProtocolError, "control frames must be whole and at most 125 bytes");
        }

        if (masked != _expectMasked)
        {
            throw new WebSocketProtocolException(WebSocketCloseCode.ProtocolError, _expectMasked ? "client frames must be masked" : "server frames must not be masked");
        }
    }

    // 2 bytes, plus 2 or 8 for an extended length, plus 4 for the mask.
    private int HeaderLength()
    {
        int length7 = _header[1] & 0x7F;
        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        return 2 + extended + ((_header[1] & 0x80) != 0 ? 4 : 0);
    }

    private void StartPayload()
    {
        int length7 = _header[1] & 0x7F;
        int at = 2;
        long length = length7;
        if (length7 == 126)
        {
            length = (_header[2] << 8) | _header[3];
            at = 4;
        }
        else if (length7 == 127)
        {
            if ((_header[2] & 0x80) != 0)
            {
                throw new WebSocketProtocolException(WebSocketCloseCode.ProtocolError, "64-bit payload length with its top bit set");
            }

            length = 0;
            for (int i = 2; i < 10; i++)
            {
                length = (length << 8) | _header[i];
            }

            at = 10;
        }

        if (length > _maxPayloadBytes)
        {
            throw new WebSocketProtocolException(WebSocketCloseCode.MessageTooBig, "frame of " + length + " bytes exceeds the " + _maxPayloadBytes + "-byte limit");
        }

        if ((_header[1] & 0x80) != 0)
        {
            Array.Copy(_header, at, _mask, 0, 4);
        }

        _payload = new byte[(int)length];
        _filled = 0;
        if (length == 0)
        {
            Complete();
        }
    }

    private void Complete()
    {
        _ready = new WebSocketFrame((_header[0] & 0x80) != 0, _header[0] & 0x0F, _payload ?? new byte[0]);
        _payload = null;
        _headerLength = 0;
        _filled = 0;
    }
}
