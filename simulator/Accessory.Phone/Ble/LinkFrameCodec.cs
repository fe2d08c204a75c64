using System.Buffers.Binary;

namespace Accessory.Phone.Ble;

/// <summary>
/// The phone side's codec for the virtual BLE link (docs/ble-virtual-link.md), written from the spec rather than
/// from the device's code. Decoding is total: any bytes give a value or an error message.
/// </summary>
public static class LinkFrameCodec
{
    public const int HeaderSize = 4;
    public const int MinBody = 3;
    public const int MaxBody = 16384;

    public const int Hello = 0x01;
    public const int ExchangeMtu = 0x02;
    public const int Discover = 0x03;
    public const int Read = 0x04;
    public const int Write = 0x05;
    public const int Subscribe = 0x06;
    public const int Disconnect = 0x07;

    public static byte[] Request(int opcode, int id, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxBody - MinBody)
        {
            throw new ArgumentException($"a request payload is at most {MaxBody - MinBody} bytes");
        }

        var frame = new byte[HeaderSize + MinBody + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)(MinBody + payload.Length));
        frame[4] = (byte)opcode;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(5), (ushort)id);
        payload.CopyTo(frame.AsSpan(HeaderSize + MinBody));
        return frame;
    }

    /// <summary>The body length the header announces; -1 when it is outside the documented limits.</summary>
    public static int BodyLength(ReadOnlySpan<byte> header)
    {
        if (header.Length != HeaderSize)
        {
            return -1;
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(header);
        return length is >= MinBody and <= MaxBody ? (int)length : -1;
    }

    public static bool TryDecode(ReadOnlySpan<byte> body, out LinkFrame? frame, out string error) =>
        Guard(body, out frame, out error, static (ref LinkPayloadReader reader) =>
        {
            int opcode = reader.U8();
            int id = reader.U16();
            if (opcode == LinkFrame.Notification)
            {
                return new LinkFrame(opcode, id, -1, reader.Rest());
            }

            if (opcode == LinkFrame.Error)
            {
                int status = reader.U8();
                int refused = reader.U8();
                string message = reader.ShortString();
                reader.End("error frame");
                return new LinkFrame(opcode, id, status, []) { RefusedOpcode = refused, Message = message };
            }

            if ((opcode & 0x80) == 0 || (opcode & 0x7F) < Hello || (opcode & 0x7F) > Disconnect)
            {
                throw new FormatException($"unknown opcode 0x{opcode:x2} from the device");
            }

            return new LinkFrame(opcode, id, reader.U8(), reader.Rest());
        });

    public static bool TryParseNotification(ReadOnlySpan<byte> payload, out BleNotification? notification, out string error) =>
        Guard(payload, out notification, out error, static (ref LinkPayloadReader reader) => new BleNotification(reader.U16(), reader.Rest()));

    public static bool TryParseAdvertisement(ReadOnlySpan<byte> payload, out ScannedAdvertisement? advertisement, out string error) =>
        Guard(payload, out advertisement, out error, static (ref LinkPayloadReader reader) =>
        {
            string name = reader.ShortString();
            var uuids = new List<string>();
            for (int i = reader.U8(); i > 0; i--)
            {
                uuids.Add(reader.Uuid());
            }

            var data = new Dictionary<string, byte[]>();
            for (int i = reader.U8(); i > 0; i--)
            {
                string uuid = reader.Uuid();
                data[uuid] = reader.Bytes(reader.U16());
            }

            reader.End("advertisement");
            return new ScannedAdvertisement(name, uuids, data);
        });

    public static bool TryParseDiscovery(ReadOnlySpan<byte> payload, out IReadOnlyList<RemoteService>? services, out string error) =>
        Guard(payload, out services, out error, static (ref LinkPayloadReader reader) =>
        {
            var all = new List<RemoteService>();
            for (int s = reader.U8(); s > 0; s--)
            {
                int handle = reader.U16();
                int end = reader.U16();
                string uuid = reader.Uuid();
                var characteristics = new List<RemoteCharacteristic>();
                for (int c = reader.U8(); c > 0; c--)
                {
                    characteristics.Add(Characteristic(ref reader));
                }

                all.Add(new RemoteService(handle, end, uuid, characteristics));
            }

            reader.End("discovery");
            return (IReadOnlyList<RemoteService>)all;
        });

    private static RemoteCharacteristic Characteristic(ref LinkPayloadReader reader)
    {
        int declaration = reader.U16();
        int value = reader.U16();
        int properties = reader.U8();
        string uuid = reader.Uuid();
        var descriptors = new List<RemoteDescriptor>();
        for (int d = reader.U8(); d > 0; d--)
        {
            descriptors.Add(new RemoteDescriptor(reader.U16(), reader.Uuid()));
        }

        return new RemoteCharacteristic(declaration, value, properties, uuid, descriptors);
    }

    private delegate T Parse<T>(ref LinkPayloadReader reader);

    private static bool Guard<T>(ReadOnlySpan<byte> bytes, out T? value, out string error, Parse<T> parse)
        where T : class
    {
        var reader = new LinkPayloadReader(bytes);
        try
        {
            value = parse(ref reader);
            error = "";
            return true;
        }
        catch (FormatException e)
        {
            value = null;
            error = e.Message;
            return false;
        }
    }
}
