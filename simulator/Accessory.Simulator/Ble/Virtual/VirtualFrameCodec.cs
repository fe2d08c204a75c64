using System.Buffers.Binary;
using Accessory.Core.Ble;

namespace Accessory.Simulator.Ble.Virtual;

/// <summary>
/// The device side's frame codec: total decoding of request bodies (any bytes give a request or an error, never an
/// exception) and encoding of responses, notifications and error frames.
/// </summary>
public static class VirtualFrameCodec
{
    public const int HeaderSize = 4;
    public const int MinBody = 3;
    public const int MaxBody = 16384;

    /// <summary>The body length a header announces, or an error (which ends the connection: framing is lost).</summary>
    public static int ReadLength(ReadOnlySpan<byte> header, out VirtualFrameError? error)
    {
        error = null;
        if (header.Length != HeaderSize)
        {
            error = new VirtualFrameError(0, GattStatus.InvalidPdu, 0, $"frame header is {HeaderSize} bytes, got {header.Length}");
            return -1;
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length < MinBody || length > MaxBody)
        {
            error = new VirtualFrameError(0, GattStatus.InvalidPdu, 0, $"frame length {length} is outside {MinBody}..{MaxBody}");
            return -1;
        }

        return (int)length;
    }

    public static VirtualDecoded Decode(ReadOnlySpan<byte> body)
    {
        if (body.Length < MinBody)
        {
            return Fail(0, GattStatus.InvalidPdu, 0, $"frame body needs at least {MinBody} bytes (opcode, id), got {body.Length}");
        }

        if (body.Length > MaxBody)
        {
            return Fail(0, GattStatus.InvalidPdu, 0, $"frame body of {body.Length} bytes exceeds {MaxBody}");
        }

        byte opcode = body[0];
        int id = BinaryPrimitives.ReadUInt16BigEndian(body.Slice(1));
        var payload = body.Slice(MinBody);
        switch ((VirtualOpcode)opcode)
        {
            case VirtualOpcode.Hello:
            case VirtualOpcode.Discover:
            case VirtualOpcode.Disconnect:
                return Exactly(opcode, id, payload, 0, "no payload")
                    ?? Ok(new VirtualRequest((VirtualOpcode)opcode, id));
            case VirtualOpcode.ExchangeMtu:
                return Exactly(opcode, id, payload, 2, "the client MTU (2 bytes)")
                    ?? Ok(new VirtualRequest(VirtualOpcode.ExchangeMtu, id) { Mtu = U16(payload, 0) });
            case VirtualOpcode.Read:
                return Exactly(opcode, id, payload, 4, "handle and offset (2 + 2 bytes)")
                    ?? Ok(new VirtualRequest(VirtualOpcode.Read, id) { Handle = U16(payload, 0), Offset = U16(payload, 2) });
            case VirtualOpcode.Write:
                return DecodeWrite(opcode, id, payload);
            case VirtualOpcode.Subscribe:
                return DecodeSubscribe(opcode, id, payload);
            default:
                return Fail(id, GattStatus.RequestNotSupported, opcode, $"unknown opcode 0x{opcode:x2}");
        }
    }

    public static byte[] Response(VirtualOpcode request, int id, GattStatus status, ReadOnlySpan<byte> payload)
    {
        var body = new BigEndianWriter().U8((byte)request | 0x80).U16(id).U8((int)status);
        if (status == GattStatus.Success)
        {
            body.Bytes(payload);
        }

        return Frame(body);
    }

    public static byte[] Notification(int handle, ReadOnlySpan<byte> value) =>
        Frame(new BigEndianWriter().U8((byte)VirtualOpcode.Notification).U16(0).U16(handle).Bytes(value));

    public static byte[] ErrorFrame(VirtualFrameError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Frame(new BigEndianWriter().U8((byte)VirtualOpcode.Error).U16(error.Id).U8((int)error.Status).U8(error.Opcode).ShortString(error.Message));
    }

    private static byte[] Frame(BigEndianWriter body)
    {
        var bytes = body.ToArray();
        return new BigEndianWriter().U32(bytes.Length).Bytes(bytes).ToArray();
    }

    private static VirtualDecoded DecodeWrite(byte opcode, int id, ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 5)
        {
            return Fail(id, GattStatus.InvalidPdu, opcode, $"write needs handle, offset and flags (5 bytes) before the value, got {payload.Length}");
        }

        byte flags = payload[4];
        if ((flags & ~0x01) != 0)
        {
            return Fail(id, GattStatus.InvalidPdu, opcode, $"write flags 0x{flags:x2} has bits other than bit 0 (without response)");
        }

        return Ok(new VirtualRequest(VirtualOpcode.Write, id)
        {
            Handle = U16(payload, 0),
            Offset = U16(payload, 2),
            WithoutResponse = flags == 1,
            Data = payload.Slice(5).ToArray(),
        });
    }

    private static VirtualDecoded DecodeSubscribe(byte opcode, int id, ReadOnlySpan<byte> payload)
    {
        var wrongLength = Exactly(opcode, id, payload, 3, "value handle and on/off (2 + 1 bytes)");
        if (wrongLength != null)
        {
            return wrongLength;
        }

        if (payload[2] > 1)
        {
            return Fail(id, GattStatus.InvalidPdu, opcode, $"subscribe on/off must be 0 or 1, got {payload[2]}");
        }

        return Ok(new VirtualRequest(VirtualOpcode.Subscribe, id) { Handle = U16(payload, 0), On = payload[2] == 1 });
    }

    private static VirtualDecoded? Exactly(byte opcode, int id, ReadOnlySpan<byte> payload, int expected, string what) =>
        payload.Length == expected
            ? null
            : Fail(id, GattStatus.InvalidPdu, opcode, $"{(VirtualOpcode)opcode} takes {what}; got {payload.Length} payload bytes");

    private static int U16(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(at));

    private static VirtualDecoded Ok(VirtualRequest request) => new(request, null);

    private static VirtualDecoded Fail(int id, GattStatus status, byte opcode, string message) =>
        new(null, new VirtualFrameError(id, status, opcode, message));
}
