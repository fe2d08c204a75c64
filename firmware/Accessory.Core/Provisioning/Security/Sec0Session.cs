using Accessory.Core.Provisioning.Messages;

namespace Accessory.Core.Provisioning.Security;

/// <summary>A security 0 session: answers S0_Session_Command with Success and passes data through unchanged.</summary>
public sealed class Sec0Session : SecuritySession
{
    public Sec0Session(uint id)
        : base(id)
    {
    }

    public override bool IsEstablished => true;

    public override byte[] Handle(byte[] payload)
    {
        int type = Sec0Codec.DecodeMessageType(payload);
        if (type != Sec0Codec.SessionCommand)
        {
            throw new SecuritySessionException(StatusCode.InvalidProto, "sec0: unexpected message type " + type);
        }

        return Sec0Codec.EncodeResponse(StatusCode.Success);
    }

    public override void Reset()
    {
    }

    public override byte[] Encrypt(byte[] data) => SecurityBytes.Copy(data);

    public override byte[] Decrypt(byte[] data) => SecurityBytes.Copy(data);
}
