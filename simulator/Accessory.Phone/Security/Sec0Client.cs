using Accessory.Phone.Protos;

namespace Accessory.Phone.Security;

/// <summary>Security 0 client: one S0 command, plaintext afterwards.</summary>
public sealed class Sec0Client : ISecurityClient
{
    public int SecurityVersion => 0;

    public bool IsEstablished { get; private set; }

    public static byte[] CreateCommand() =>
        SessionDataFrames.Wrap(new Sec0Payload { Msg = Sec0MsgType.S0SessionCommand, Sc = new S0SessionCmd() });

    public void HandleResponse(byte[] response)
    {
        SessionData data = SessionDataFrames.Unwrap(response, SecSchemeVersion.SecScheme0, SessionData.ProtoOneofCase.Sec0);
        if (data.Sec0.Msg != Sec0MsgType.S0SessionResponse || data.Sec0.Sr == null || data.Sec0.Sr.Status != Status.Success)
        {
            throw new SecurityClientException("sec0 response refused the session");
        }

        IsEstablished = true;
    }

    public void Handshake(Func<byte[], byte[]> exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        HandleResponse(exchange(CreateCommand()));
    }

    public byte[] EncryptRequest(byte[] plaintext) => (byte[])plaintext.Clone();

    public byte[] DecryptResponse(byte[] ciphertext) => (byte[])ciphertext.Clone();
}
