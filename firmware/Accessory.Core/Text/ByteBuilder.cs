using System;

namespace Accessory.Core.Text;

/// <summary>
/// A growable byte buffer: nanoFramework has neither MemoryStream nor Array.Resize, and the codecs need one.
/// </summary>
public sealed class ByteBuilder
{
    private byte[] _buffer;
    private int _length;

    public ByteBuilder()
        : this(64)
    {
    }

    public ByteBuilder(int capacity)
    {
        _buffer = new byte[capacity < 16 ? 16 : capacity];
    }

    public int Length => _length;

    public void Append(byte value)
    {
        EnsureRoom(1);
        _buffer[_length++] = value;
    }

    public void Append(byte[] bytes) => Append(bytes, 0, bytes.Length);

    public void Append(byte[] bytes, int offset, int count)
    {
        EnsureRoom(count);
        Array.Copy(bytes, offset, _buffer, _length, count);
        _length += count;
    }

    public void AppendUInt32LittleEndian(uint value)
    {
        Append((byte)value);
        Append((byte)(value >> 8));
        Append((byte)(value >> 16));
        Append((byte)(value >> 24));
    }

    /// <summary>Overwrites a byte already appended (e.g. a length known only after what follows it).</summary>
    public void SetAt(int index, byte value)
    {
        if (index < 0 || index >= _length)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        _buffer[index] = value;
    }

    public byte[] ToArray()
    {
        var result = new byte[_length];
        Array.Copy(_buffer, 0, result, 0, _length);
        return result;
    }

    public void Clear() => _length = 0;

    private void EnsureRoom(int extra)
    {
        int needed = _length + extra;
        if (needed <= _buffer.Length)
        {
            return;
        }

        int size = _buffer.Length * 2;
        while (size < needed)
        {
            size *= 2;
        }

        var bigger = new byte[size];
        Array.Copy(_buffer, 0, bigger, 0, _length);
        _buffer = bigger;
    }
}
