using System;
using Accessory.Core.Text;

namespace Accessory.Core.Nan;

/// <summary>
/// Data-path messages inside a follow-up's service info: magic 0xDA, version 1, type, then per type
/// request: protocol (1), port (2, big-endian); accept: protocol, port, address (16);
/// reject: reason length (1), reason (1-64 printable ASCII). Decoding is total: anything else yields null.
/// </summary>
public static class NanDataPathCodec
{
    public const byte Magic = 0xDA;
    public const byte Version = 1;
    public const int MaxReasonLength = 64;

    private const int HeaderLength = 3;
    private const int RequestLength = HeaderLength + 3;
    private const int AcceptLength = RequestLength + NanDataPathMessage.AddressLength;

    public static byte[] Encode(NanDataPathMessage message)
    {
        if (message == null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        var builder = new ByteBuilder();
        builder.Append(Magic);
        builder.Append(Version);
        builder.Append((byte)message.Type);
        if (message.Type == NanDataPathMessageType.Reject)
        {
            string reason = message.Reason!;
            builder.Append((byte)reason.Length);
            for (int i = 0; i < reason.Length; i++)
            {
                builder.Append((byte)reason[i]);
            }

            return builder.ToArray();
        }

        builder.Append(message.Protocol);
        builder.Append((byte)(message.Port >> 8));
        builder.Append((byte)message.Port);
        if (message.Type == NanDataPathMessageType.Accept)
        {
            builder.Append(message.Address!);
        }

        return builder.ToArray();
    }

    /// <summary>The message, or null for anything that is not exactly one well-formed message.</summary>
    public static NanDataPathMessage? Decode(byte[]? b)
    {
        if (b == null || b.Length < HeaderLength + 1 || b[0] != Magic || b[1] != Version)
        {
            return null;
        }

        switch (b[2])
        {
            case (byte)NanDataPathMessageType.Request:
                return b.Length == RequestLength ? NanDataPathMessage.Request(b[3], Port(b)) : null;
            case (byte)NanDataPathMessageType.Accept:
                if (b.Length != AcceptLength)
                {
                    return null;
                }

                var address = new byte[NanDataPathMessage.AddressLength];
                Array.Copy(b, RequestLength, address, 0, address.Length);
                return NanDataPathMessage.Accept(b[3], Port(b), address);
            case (byte)NanDataPathMessageType.Reject:
                return DecodeReject(b);
            default:
                return null;
        }
    }

    public static bool IsValidReason(string? reason)
    {
        if (reason == null || reason.Length < 1 || reason.Length > MaxReasonLength)
        {
            return false;
        }

        for (int i = 0; i < reason.Length; i++)
        {
            if (reason[i] < 0x20 || reason[i] > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    private static int Port(byte[] b) => (b[4] << 8) | b[5];

    private static NanDataPathMessage? DecodeReject(byte[] b)
    {
        int length = b[3];
        if (b.Length != HeaderLength + 1 + length || length < 1 || length > MaxReasonLength)
        {
            return null;
        }

        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = (char)b[HeaderLength + 1 + i];
        }

        string reason = new string(chars);
        return IsValidReason(reason) ? NanDataPathMessage.Reject(reason) : null;
    }
}
