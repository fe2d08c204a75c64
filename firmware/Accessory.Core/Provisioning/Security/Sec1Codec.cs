using Accessory.Core.Protobuf;

using Accessory.Core.Provisioning.Messages;

namespace Accessory.Core.Provisioning.Security;

/// <summary>
/// sec1.proto: Sec1Payload { msg [1]; oneof { SessionCmd0 sc0 [20]; SessionResp0 sr0 [21]; SessionCmd1 sc1 [22];
/// SessionResp1 sr1 [23] } }.
/// </summary>
public static class Sec1Codec
{
    public const int Command0 = 0;
    public const int Response0 = 1;
    public const int Command1 = 2;
    public const int Response1 = 3;

    /// <summary>Total: malformed bytes end in <see cref="ProtoFormatException"/>.</summary>
    public static Sec1Request DecodeRequest(byte[] payload)
    {
        var reader = new ProtoReader(payload);
        int type = 0;
        byte[] publicKey = new byte[0];
        byte[] verify = new byte[0];
        while (reader.TryReadTag(out int field, out WireType wireType))
        {
            if (field == 1)
            {
                ProtoReader.Expect(field, wireType, WireType.Varint);
                type = reader.ReadInt32();
            }
            else if (field == 20)
            {
                ProtoReader.Expect(field, wireType, WireType.LengthDelimited);
                publicKey = reader.ReadMessage().ReadLastBytesField(1);
            }
            else if (field == 22)
            {
                ProtoReader.Expect(field, wireType, WireType.LengthDelimited);
                verify = reader.ReadMessage().ReadLastBytesField(2);
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return new Sec1Request(type, publicKey, verify);
    }

    public static byte[] EncodeResponse0(StatusCode status, byte[] devicePublicKey, byte[] deviceRandom) =>
        new ProtoWriter()
            .WriteInt32(1, Response0)
            .WriteMessage(21, new ProtoWriter().WriteInt32(1, (int)status).WriteBytes(2, devicePublicKey).WriteBytes(3, deviceRandom))
            .ToArray();

    public static byte[] EncodeResponse1(StatusCode status, byte[] deviceVerifyData) =>
        new ProtoWriter()
            .WriteInt32(1, Response1)
            .WriteMessage(23, new ProtoWriter().WriteInt32(1, (int)status).WriteBytes(3, deviceVerifyData))
            .ToArray();
}
