using System;
using Accessory.Core.Text;

namespace Accessory.Core.WebSockets;

/// <summary>Builds RFC 6455 frames: unmasked as a server sends them, or masked as a client must.</summary>
public static class WebSocketFrameEncoder
{
    /// <summary>A whole unmasked frame (the server's).</summary>
    public static byte[] Encode(int opcode, byte[] payload) => Encode(true, opcode, payload, null);

    /// <summary>A frame; <paramref name="mask"/> (4 bytes) masks it as a client must, null leaves it unmasked.</summary>
    public static byte[] Encode(bool fin, int opcode, byte[] payload, byte[]? mask)
    {
        if (payload == null)
        {
            throw new ArgumentNullException(nameof(payload));
        }

        if (opcode < 0 || opcode > 0xF || (WebSocketOpcode.IsControl(opcode) && payload.Length > 125))
        {
            throw new ArgumentException("an opcode is 4 bits and a control frame carries at most 125 bytes");
        }

        if (mask != null && mask.Length != 4)
        {
            throw new ArgumentException("a mask is 4 bytes");
        }

        int extended = payload.Length < 126 ? 0 : payload.Length <= 0xFFFF ? 2 : 8;
        var frame = new byte[2 + extended + (mask == null ? 0 : 4) + payload.Length];
        frame[0] = (byte)((fin ? 0x80 : 0) | opcode);
        int at = 2;
        if (extended == 0)
        {
            frame[1] = (byte)payload.Length;
        }
        else if (extended == 2)
        {
            frame[1] = 126;
            frame[2] = (byte)(payload.Length >> 8);
            frame[3] = (byte)payload.Length;
            at = 4;
        }
        else
        {
            frame[1] = 127;
            for (int i = 0; i < 8; i++)
            {
                frame[9 - i] = (byte)((long)payload.Length >> (8 * i));
            }

            at = 10;
        }

        if (mask != null)
        {
            frame[1] |= 0x80;
            Array.Copy(mask, 0, frame, at, 4);
            at += 4;
        }

        for (int i = 0; i < payload.Length; i++)
        {
            frame[at + i] = mask == null ? payload[i] : (byte)(payload[i] ^ mask[i & 3]);
        }

        return frame;
    }

    /// <summary>A close frame's payload: the status code, then the reason as UTF-8 cut to fit 125 bytes.</summary>
    public static byte[] ClosePayload(int code, string reason)
    {
        if (code == WebSocketCloseCode.NoStatus)
        {
            return new byte[0];
        }

        var text = Utf8.Encode(reason ?? string.Empty);
        int length = text.Length > 123 ? 123 : text.Length;
        // Never cut inside a UTF-8 sequence: back up over continuation bytes.
        while (length > 0 && length < text.Length && (text[length] & 0xC0) == 0x80)
        {
            length--;
        }

        var payload = new byte[2 + length];
        payload[0] = (byte)(code >> 8);
        payload[1] = (byte)code;
        Array.Copy(text, 0, payload, 2, length);
        return payload;
    }
}
