using System;

namespace Accessory.Core.Protobuf;

/// <summary>
/// Reads proto3 wire format from a byte array. Total: any malformed input ends in a
/// <see cref="ProtoFormatException"/> naming the offset, never in another exception or an endless loop.
/// Groups (deprecated wire types 3/4) are refused rather than skipped; no ESP-IDF message uses them.
/// </summary>
public sealed class ProtoReader
{
    private readonly byte[] _data;
    private readonly int _end;
    private int _position;

    public ProtoReader(byte[] data)
        : this(data, 0, data == null ? 0 : data.Length)
    {
    }

    public ProtoReader(byte[] data, int offset, int count)
    {
        if (data == null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        if (offset < 0 || count < 0 || offset + count > data.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _data = data;
        _position = offset;
        _end = offset + count;
    }

    public int Position => _position;

    public bool AtEnd => _position >= _end;

    /// <summary>Reads the next tag; false at the end of the message.</summary>
    public bool TryReadTag(out int field, out WireType wireType)
    {
        field = 0;
        wireType = WireType.Varint;
        if (AtEnd)
        {
            return false;
        }

        int at = _position;
        ulong tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (WireType)(int)(tag & 7);
        if (tag >> 3 == 0 || tag >> 3 > 536870911)
        {
            throw new ProtoFormatException("invalid field number " + (tag >> 3) + " at offset " + at);
        }

        if (wireType != WireType.Varint && wireType != WireType.Fixed64 && wireType != WireType.LengthDelimited && wireType != WireType.Fixed32)
        {
            throw new ProtoFormatException("unsupported wire type " + (int)wireType + " for field " + field + " at offset " + at);
        }

        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        int start = _position;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _end)
            {
                throw new ProtoFormatException("truncated varint at offset " + start);
            }

            byte b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new ProtoFormatException("varint longer than 10 bytes at offset " + start);
    }

    /// <summary>int32/enum: negative values are sign-extended 10-byte varints; larger values are truncated as protoc does.</summary>
    public int ReadInt32() => (int)ReadVarint();

    public uint ReadUInt32() => (uint)ReadVarint();

    public bool ReadBool() => ReadVarint() != 0;

    public byte[] ReadBytes()
    {
        int start = _position;
        ulong length = ReadVarint();
        if (length > (ulong)(_end - _position))
        {
            throw new ProtoFormatException("length " + length + " at offset " + start + " runs past the end of the message (" + (_end - _position) + " bytes left)");
        }

        var value = new byte[(int)length];
        Array.Copy(_data, _position, value, 0, (int)length);
        _position += (int)length;
        return value;
    }

    /// <summary>Reads a length-delimited field as a nested message reader over the same bytes.</summary>
    public ProtoReader ReadMessage()
    {
        int start = _position;
        ulong length = ReadVarint();
        if (length > (ulong)(_end - _position))
        {
            throw new ProtoFormatException("nested message length " + length + " at offset " + start + " runs past the end");
        }

        var nested = new ProtoReader(_data, _position, (int)length);
        _position += (int)length;
        return nested;
    }

    /// <summary>
    /// Reads the rest of this message and returns the last occurrence of bytes field <paramref name="wanted"/>
    /// (empty when absent); other fields are skipped, as proto3 requires.
    /// </summary>
    public byte[] ReadLastBytesField(int wanted)
    {
        byte[] value = new byte[0];
        while (TryReadTag(out int field, out WireType wireType))
        {
            if (field == wanted)
            {
                Expect(field, wireType, WireType.LengthDelimited);
                value = ReadBytes();
            }
            else
            {
                Skip(wireType);
            }
        }

        return value;
    }

    /// <summary>Skips a field of the given wire type (unknown fields must be ignored in proto3).</summary>
    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Advance(8);
                break;
            case WireType.Fixed32:
                Advance(4);
                break;
            case WireType.LengthDelimited:
                ReadMessage();
                break;
            default:
                throw new ProtoFormatException("cannot skip wire type " + (int)wireType + " at offset " + _position);
        }
    }

    /// <summary>Checks the wire type of a known field; a mismatch is malformed input, not a skip.</summary>
    public static void Expect(int field, WireType actual, WireType expected)
    {
        if (actual != expected)
        {
            throw new ProtoFormatException("field " + field + " has wire type " + (int)actual + ", expected " + (int)expected);
        }
    }

    private void Advance(int count)
    {
        if (_end - _position < count)
        {
            throw new ProtoFormatException("truncated fixed-width field at offset " + _position);
        }

        _position += count;
    }
}
