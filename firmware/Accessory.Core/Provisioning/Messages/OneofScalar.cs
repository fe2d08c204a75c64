using Accessory.Core.Text;

namespace Accessory.Core.Provisioning.Messages;

/// <summary>
/// Writes a varint that belongs to a oneof. Unlike plain proto3 scalars, a oneof member set to zero must still be
/// written (its presence says which member is set), and <see cref="Protobuf.ProtoWriter"/> drops zeros.
/// </summary>
internal static class OneofScalar
{
    public static byte[] Varint(int field, uint value)
    {
        var bytes = new ByteBuilder(8);
        AppendVarint(bytes, (uint)field << 3);
        AppendVarint(bytes, value);
        return bytes.ToArray();
    }

    private static void AppendVarint(ByteBuilder bytes, uint value)
    {
        while (value >= 0x80)
        {
            bytes.Append((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Append((byte)value);
    }
}
