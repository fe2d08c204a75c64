using System;

namespace Accessory.Core.Nan;

/// <summary>
/// One data-path message: a subscriber's request (protocol and the port it wants to reach), the publisher's
/// accept (protocol, port and the IPv6 address to connect to, normally link-local and sent without a zone since the
/// receiver's own interface is the zone; IPv4 travels IPv4-mapped) or its reject (reason).
/// </summary>
public sealed class NanDataPathMessage
{
    public const byte ProtocolTcp = 6;
    public const byte ProtocolUdp = 17;
    public const int AddressLength = 16;

    private NanDataPathMessage(NanDataPathMessageType type, byte protocol, int port, byte[]? address, string? reason)
    {
        Type = type;
        Protocol = protocol;
        Port = port;
        Address = address;
        Reason = reason;
    }

    public NanDataPathMessageType Type { get; }

    /// <summary>IP protocol number (<see cref="ProtocolTcp"/>, <see cref="ProtocolUdp"/>); 0 in a reject.</summary>
    public byte Protocol { get; }

    /// <summary>Requested port (0 = the publisher's choice) or the port accepted; 0 in a reject.</summary>
    public int Port { get; }

    /// <summary>The publisher's 16-byte address in an accept; null otherwise.</summary>
    public byte[]? Address { get; }

    /// <summary>Why a reject; null otherwise.</summary>
    public string? Reason { get; }

    public static NanDataPathMessage Request(byte protocol, int port)
    {
        CheckPort(port);
        return new NanDataPathMessage(NanDataPathMessageType.Request, protocol, port, null, null);
    }

    public static NanDataPathMessage Accept(byte protocol, int port, byte[] address)
    {
        CheckPort(port);
        if (address == null || address.Length != AddressLength)
        {
            throw new ArgumentException("a data-path address has 16 bytes");
        }

        var copy = new byte[AddressLength];
        Array.Copy(address, copy, AddressLength);
        return new NanDataPathMessage(NanDataPathMessageType.Accept, protocol, port, copy, null);
    }

    public static NanDataPathMessage Reject(string reason)
    {
        if (!NanDataPathCodec.IsValidReason(reason))
        {
            throw new ArgumentException("a reject reason has 1-64 printable ASCII characters");
        }

        return new NanDataPathMessage(NanDataPathMessageType.Reject, 0, 0, null, reason);
    }

    private static void CheckPort(int port)
    {
        if (port < 0 || port > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port));
        }
    }
}
