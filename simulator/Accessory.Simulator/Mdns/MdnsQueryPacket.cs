using System.Buffers.Binary;
using System.Text;

namespace Accessory.Simulator.Mdns;

/// <summary>
/// Hand-built DNS messages for load generation, independent of the core's codec so the two check each other:
/// a one-question PTR query, and the header fields needed to recognise its response.
/// </summary>
public static class MdnsQueryPacket
{
    public const int HeaderLength = 12;
    private const ushort TypePtr = 12;
    private const ushort ClassIn = 1;

    /// <summary>A standard query with <paramref name="id"/> for "PTR <paramref name="name"/> IN".</summary>
    public static byte[] PtrQuery(ushort id, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var packet = new List<byte>(HeaderLength + name.Length + 6);
        Span<byte> header = stackalloc byte[HeaderLength];
        header.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], 1);
        packet.AddRange(header.ToArray());
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            byte[] bytes = Encoding.UTF8.GetBytes(label);
            if (bytes.Length == 0 || bytes.Length > 63)
            {
                throw new ArgumentException($"'{name}' has an empty or over-long label", nameof(name));
            }

            packet.Add((byte)bytes.Length);
            packet.AddRange(bytes);
        }

        packet.Add(0);
        packet.Add(TypePtr >> 8);
        packet.Add(TypePtr & 0xFF);
        packet.Add(ClassIn >> 8);
        packet.Add(ClassIn & 0xFF);
        return packet.ToArray();
    }

    /// <summary>The id of a response carrying at least one answer record; null for anything else (never throws).</summary>
    public static int? AnsweredResponseId(ReadOnlySpan<byte> message)
    {
        if (message.Length < HeaderLength)
        {
            return null;
        }

        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        ushort answers = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        bool isResponse = (flags & 0x8000) != 0;
        return isResponse && answers > 0 ? BinaryPrimitives.ReadUInt16BigEndian(message) : null;
    }
}
