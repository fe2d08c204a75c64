namespace Accessory.Simulator.Tests.Ble.Improv;

/// <summary>
/// Improv's serial packet, from the spec: "IMPROV", version 1, type, length, data, checksum (low 8 bits of the sum
/// of all previous bytes), then a newline. Parsing is strict, because the SDK's framing is part of what is checked.
/// </summary>
internal static class ImprovSerialFrame
{
    public const byte CurrentState = 0x01;
    public const byte ErrorState = 0x02;
    public const byte Rpc = 0x03;
    public const byte RpcResult = 0x04;

    private static readonly byte[] Header = "IMPROV"u8.ToArray();

    public static byte[] Encode(byte type, ReadOnlySpan<byte> data)
    {
        byte[] body = [.. Header, 1, type, (byte)data.Length, .. data];
        return [.. body, ImprovRpc.Checksum(body), (byte)'\n'];
    }

    /// <summary>Takes whole packets off the front of <paramref name="buffer"/>; a partial one stays for more bytes.</summary>
    public static List<(byte Type, byte[] Data)> Drain(List<byte> buffer)
    {
        var packets = new List<(byte, byte[])>();
        while (true)
        {
            while (buffer.Count > 0 && buffer[0] == (byte)'\n')
            {
                buffer.RemoveAt(0);
            }

            if (buffer.Count < 9)
            {
                return packets;
            }

            if (!buffer.Take(6).SequenceEqual(Header) || buffer[6] != 1)
            {
                throw new FormatException("not an Improv v1 serial packet: " + Convert.ToHexString([.. buffer]));
            }

            int length = buffer[8];
            int total = 9 + length + 1;
            if (buffer.Count < total)
            {
                return packets;
            }

            byte[] packet = [.. buffer.Take(total)];
            if (ImprovRpc.Checksum(packet.AsSpan(0, total - 1)) != packet[^1])
            {
                throw new FormatException("serial packet checksum is wrong: " + Convert.ToHexString(packet));
            }

            buffer.RemoveRange(0, total);
            packets.Add((packet[7], packet[9..^1]));
        }
    }
}
