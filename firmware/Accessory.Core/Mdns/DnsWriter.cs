using System;
using System.Collections;
using Accessory.Core.Text;

namespace Accessory.Core.Mdns;

/// <summary>
/// Builds wire bytes. With compression on, every name suffix written at an offset a pointer can reach is
/// remembered, and a later name whose tail matches (case-insensitively) ends in a pointer to it (RFC 1035 4.1.4).
/// </summary>
public sealed class DnsWriter
{
    private const int MaxPointerOffset = 0x3FFF;

    private readonly bool _compress;
    private readonly ArrayList _suffixNames = new ArrayList();
    private readonly ArrayList _suffixOffsets = new ArrayList();
    private readonly ByteBuilder _buffer;

    public DnsWriter(bool compress)
        : this(compress, 512)
    {
    }

    public DnsWriter(bool compress, int capacity)
    {
        _compress = compress;
        _buffer = new ByteBuilder(capacity);
    }

    public int Length => _buffer.Length;

    public void WriteByte(int value)
    {
        _buffer.Append((byte)value);
    }

    public void WriteBytes(byte[] bytes) => WriteBytes(bytes, 0, bytes.Length);

    public void WriteBytes(byte[] bytes, int offset, int count)
    {
        _buffer.Append(bytes, offset, count);
    }

    public void WriteUInt16(int value)
    {
        WriteByte(value >> 8);
        WriteByte(value);
    }

    public void WriteUInt32(uint value)
    {
        WriteUInt16((int)(value >> 16));
        WriteUInt16((int)(value & 0xFFFF));
    }

    /// <summary>Overwrites two bytes already written (an RDLENGTH known only after the RDATA).</summary>
    public void PatchUInt16(int offset, int value)
    {
        _buffer.SetAt(offset, (byte)(value >> 8));
        _buffer.SetAt(offset + 1, (byte)value);
    }

    /// <summary>Writes a name, compressed when this writer compresses.</summary>
    public void WriteName(DnsName name) => WriteName(name, _compress);

    /// <summary>Writes a name in full (SRV targets, NSEC next names), though later names may still point into it.</summary>
    public void WriteNameUncompressed(DnsName name) => WriteName(name, false);

    public byte[] ToArray()
    {
        return _buffer.ToArray();
    }

    private void WriteName(DnsName name, bool usePointers)
    {
        for (int i = 0; i < name.LabelCount; i++)
        {
            if (usePointers)
            {
                int target = FindSuffix(name, i);
                if (target >= 0)
                {
                    WriteUInt16(0xC000 | target);
                    return;
                }
            }

            if (_compress && _buffer.Length <= MaxPointerOffset)
            {
                _suffixNames.Add(name.Suffix(i));
                _suffixOffsets.Add(_buffer.Length);
            }

            byte[] label = name.RawLabel(i);
            WriteByte(label.Length);
            WriteBytes(label);
        }

        WriteByte(0);
    }

    private int FindSuffix(DnsName name, int start)
    {
        int wanted = name.LabelCount - start;
        for (int k = 0; k < _suffixNames.Count; k++)
        {
            var candidate = (DnsName)_suffixNames[k]!;
            if (candidate.LabelCount != wanted)
            {
                continue;
            }

            bool same = true;
            for (int j = 0; j < wanted && same; j++)
            {
                same = DnsName.LabelEquals(candidate.RawLabel(j), name.RawLabel(start + j));
            }

            if (same)
            {
                return (int)_suffixOffsets[k]!;
            }
        }

        return -1;
    }
}
