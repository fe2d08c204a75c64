using System.Text;

namespace Accessory.Simulator.Ble.Virtual;

/// <summary>Builds a frame payload in the link's byte order.</summary>
internal sealed class BigEndianWriter
{
    private readonly List<byte> _bytes = new();

    public int Length => _bytes.Count;

    public BigEndianWriter U8(int value)
    {
        _bytes.Add((byte)value);
        return this;
    }

    public BigEndianWriter U16(int value)
    {
        _bytes.Add((byte)(value >> 8));
        _bytes.Add((byte)value);
        return this;
    }

    public BigEndianWriter U32(int value)
    {
        U16(value >> 16);
        return U16(value & 0xFFFF);
    }

    public BigEndianWriter Bytes(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            _bytes.Add(b);
        }

        return this;
    }

    /// <summary>A 1-byte length and UTF-8, cut to 255 bytes (only messages and names go here).</summary>
    public BigEndianWriter ShortString(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        int length = Math.Min(utf8.Length, 255);
        U8(length);
        return Bytes(utf8.AsSpan(0, length));
    }

    public byte[] ToArray() => _bytes.ToArray();
}
