using Accessory.Core.Text;

namespace Accessory.Core.Ble.Improv;

/// <summary>
/// Collects RPC command bytes of one connection until a whole packet is there, judged by the packet's own length
/// byte: phones split a long packet into several writes, each at offset 0, or send it as a long write with offsets.
/// </summary>
internal sealed class ImprovPacketAssembler
{
    private readonly ByteBuilder _bytes = new ByteBuilder();

    // Bytes of the current write (since its offset-0 piece); packets already taken out of _bytes still count.
    private int _written;

    /// <summary>
    /// Appends a piece; a piece with an offset must continue exactly where the bytes so far end. Completed packets
    /// are returned in order (usually none or one).
    /// </summary>
    public GattStatus Accept(int offset, byte[] data, out byte[][] packets)
    {
        packets = new byte[0][];
        if (offset != 0 && offset != _written)
        {
            return GattStatus.InvalidOffset;
        }

        _written = offset + data.Length;
        _bytes.Append(data);
        var buffered = _bytes.ToArray();
        int count = 0;
        int start = 0;
        while (buffered.Length - start >= 2 && buffered.Length - start >= buffered[start + 1] + 3)
        {
            count++;
            start += buffered[start + 1] + 3;
        }

        if (count == 0)
        {
            return GattStatus.Success;
        }

        packets = new byte[count][];
        start = 0;
        for (int i = 0; i < count; i++)
        {
            int length = buffered[start + 1] + 3;
            packets[i] = new byte[length];
            System.Array.Copy(buffered, start, packets[i], 0, length);
            start += length;
        }

        _bytes.Clear();
        _bytes.Append(buffered, start, buffered.Length - start);
        return GattStatus.Success;
    }

    /// <summary>Drops a half packet, e.g. after a bad one, so a misread length cannot swallow the next packets.</summary>
    public void Clear() => _bytes.Clear();
}
