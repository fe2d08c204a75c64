using Accessory.Core.Protobuf;

using Accessory.Core.Provisioning.Messages;

namespace Accessory.Core.Provisioning.Security;

/// <summary>
/// sec2.proto: Sec2Payload { msg [1]; oneof { S2SessionCmd0 sc0 [20]; S2SessionResp0 sr0 [21]; S2SessionCmd1 sc1 [22];
/// S2SessionResp1 sr1 [23] } }.
/// </summary>
public static class Sec2Codec
{
    public const int Command0 = 0;
    public const int Response0 = 1;
    public const int Command1 = 2;
    public const int Response1 = 3;

    /// <summary>Total: malformed bytes end in <see cref="ProtoFormatException"/>.</summary>
    public static Sec2Request DecodeRequest(byte[] payload)
    {
        var reader = new ProtoReader(payload);
        int type = 0;
        byte[] username = new byte[0];
        byte[] publicKey = new byte[0];
        byte[] proof = new byte[0];
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
                ProtoReader command = reader.ReadMessage();
                while (command.TryReadTag(out int inner, out WireType innerType))
                {
                    if (inner == 1 || inner == 2)
                    {
                        ProtoReader.Expect(inner, innerType, WireType.LengthDelimited);
                        byte[] value = command.ReadBytes();
                        if (inner == 1)
                        {
                            username = value;
                        }
                        else
                        {
                            publicKey = value;
                        }
                    }
                    else
                    {
                        command.Skip(innerType);
                    }
                }
            }
            else if (field == 22)
            {
                ProtoReader.Expect(field, wireType, WireType.LengthDelimited);
                proof = reader.ReadMessage().ReadLastBytesField(1);
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return new Sec2Request(type, username, publicKey, proof);
    }

    public static byte[] EncodeResponse0(StatusCode status, byte[] devicePublicKey, byte[] deviceSalt) =>
        new ProtoWriter()
            .WriteInt32(1, Response0)
            .WriteMessage(21, new ProtoWriter().WriteInt32(1, (int)status).WriteBytes(2, devicePublicKey).WriteBytes(3, deviceSalt))
            .ToArray();

    public static byte[] EncodeResponse1(StatusCode status, byte[] deviceProof, byte[] deviceNonce) =>
        new ProtoWriter()
            .WriteInt32(1, Response1)
            .WriteMessage(23, new ProtoWriter().WriteInt32(1, (int)status).WriteBytes(2, deviceProof).WriteBytes(3, deviceNonce))
            .ToArray();
}
