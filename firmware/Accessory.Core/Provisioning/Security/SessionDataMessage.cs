using Accessory.Core.Protobuf;

namespace Accessory.Core.Provisioning.Security;

/// <summary>
/// session.proto's SessionData: sec_ver [2] and a oneof of Sec0Payload [10], Sec1Payload [11], Sec2Payload [12].
/// The payload stays as bytes; each scheme decodes its own.
/// </summary>
public sealed class SessionDataMessage
{
    public const int FieldSecVer = 2;
    public const int FieldSec0 = 10;
    public const int FieldSec1 = 11;
    public const int FieldSec2 = 12;

    public SessionDataMessage(int securityVersion, int payloadField, byte[] payload)
    {
        SecurityVersion = securityVersion;
        PayloadField = payloadField;
        Payload = payload;
    }

    public int SecurityVersion { get; }

    /// <summary>Which oneof member was present (10, 11 or 12), or 0 when none was.</summary>
    public int PayloadField { get; }

    public byte[] Payload { get; }

    /// <summary>Total: malformed bytes end in <see cref="ProtoFormatException"/>.</summary>
    public static SessionDataMessage Decode(byte[] data)
    {
        var reader = new ProtoReader(data);
        int version = 0;
        int payloadField = 0;
        byte[] payload = new byte[0];
        while (reader.TryReadTag(out int field, out WireType wireType))
        {
            if (field == FieldSecVer)
            {
                ProtoReader.Expect(field, wireType, WireType.Varint);
                version = reader.ReadInt32();
            }
            else if (field == FieldSec0 || field == FieldSec1 || field == FieldSec2)
            {
                // A oneof seen twice keeps the last member, as protobuf parsers do.
                ProtoReader.Expect(field, wireType, WireType.LengthDelimited);
                payload = reader.ReadBytes();
                payloadField = field;
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return new SessionDataMessage(version, payloadField, payload);
    }

    public static byte[] Encode(int securityVersion, int payloadField, byte[] payload) =>
        new ProtoWriter().WriteInt32(FieldSecVer, securityVersion).WriteMessage(payloadField, payload).ToArray();
}
