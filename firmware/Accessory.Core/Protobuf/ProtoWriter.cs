using Accessory.Core.Text;

namespace Accessory.Core.Protobuf;

/// <summary>
/// Writes proto3 wire format. Scalar helpers omit default values (zero, false, empty) as proto3 encoders do;
/// <see cref="WriteMessage"/> always writes, because an empty oneof member still marks which member is set.
/// </summary>
public sealed class ProtoWriter
{
    private readonly ByteBuilder _buffer = new ByteBuilder(64);

    public int Length => _buffer.Length;

    public ProtoWriter WriteUInt64(int field, ulong value)
    {
        if (value != 0)
        {
            WriteTag(field, WireType.Varint);
            WriteRawVarint(value);
        }

        return this;
    }

    public ProtoWriter WriteUInt32(int field, uint value) => WriteUInt64(field, value);

    /// <summary>int32 and enums: negative numbers take ten bytes, as the protobuf spec requires.</summary>
    public ProtoWriter WriteInt32(int field, int value) => WriteUInt64(field, (ulong)(long)value);

    public ProtoWriter WriteBool(int field, bool value) => WriteUInt64(field, value ? 1UL : 0UL);

    public ProtoWriter WriteBytes(int field, byte[]? value)
    {
        if (value != null && value.Length > 0)
        {
            WriteLengthDelimited(field, value);
        }

        return this;
    }

    public ProtoWriter WriteString(int field, string? value) => WriteBytes(field, value == null ? null : Utf8.Encode(value));

    public ProtoWriter WriteMessage(int field, ProtoWriter message) => WriteLengthDelimited(field, message.ToArray());

    public ProtoWriter WriteMessage(int field, byte[] message) => WriteLengthDelimited(field, message);

    public byte[] ToArray() => _buffer.ToArray();

    private ProtoWriter WriteLengthDelimited(int field, byte[] value)
    {
        WriteTag(field, WireType.LengthDelimited);
        WriteRawVarint((ulong)value.Length);
        _buffer.Append(value);
        return this;
    }

    private void WriteTag(int field, WireType wireType) => WriteRawVarint(((ulong)(uint)field << 3) | (uint)wireType);

    private void WriteRawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.Append((byte)(value | 0x80));
            value >>= 7;
        }

        _buffer.Append((byte)value);
    }
}
