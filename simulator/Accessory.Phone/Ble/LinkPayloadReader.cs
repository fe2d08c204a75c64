using System.Buffers.Binary;
using System.Text;

namespace Accessory.Phone.Ble;

/// <summary>A bounds-checked cursor over a payload; running past the end throws <see cref="FormatException"/>.</summary>
internal ref struct LinkPayloadReader
{
    private readonly ReadOnlySpan<byte> _bytes;
    private int _at;

    public LinkPayloadReader(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes;
        _at = 0;
    }

    public readonly int Remaining => _bytes.Length - _at;

    public int U8() => Take(1)[0];

    public int U16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public string Uuid() => UuidText.Format(Take(16));

    public string ShortString() => Encoding.UTF8.GetString(Take(U8()));

    public byte[] Bytes(int count) => Take(count).ToArray();

    public byte[] Rest() => Take(Remaining).ToArray();

    public readonly void End(string what)
    {
        if (Remaining != 0)
        {
            throw new FormatException($"{what}: {Remaining} unexpected bytes after the end");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw new FormatException($"payload ends at byte {_bytes.Length}; needed {count} more at byte {_at}");
        }

        var slice = _bytes.Slice(_at, count);
        _at += count;
        return slice;
    }
}
