using Accessory.Core.Protobuf;

using Accessory.Core.Provisioning.Messages;

namespace Accessory.Core.Provisioning.Security;

/// <summary>sec0.proto: Sec0Payload { msg [1]; oneof { S0SessionCmd sc [20]; S0SessionResp sr [21] { status [1] } } }.</summary>
public static class Sec0Codec
{
    public const int SessionCommand = 0;
    public const int SessionResponse = 1;

    /// <summary>Returns the msg field; handlers dispatch on it rather than on the oneof member.</summary>
    public static int DecodeMessageType(byte[] payload)
    {
        var reader = new ProtoReader(payload);
        int type = 0;
        while (reader.TryReadTag(out int field, out WireType wireType))
        {
            if (field == 1)
            {
                ProtoReader.Expect(field, wireType, WireType.Varint);
                type = reader.ReadInt32();
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return type;
    }

    public static byte[] EncodeResponse(StatusCode status) =>
        new ProtoWriter()
            .WriteInt32(1, SessionResponse)
            .WriteMessage(21, new ProtoWriter().WriteInt32(1, (int)status))
            .ToArray();
}
