namespace Accessory.Core.Provisioning.Security;

/// <summary>A decoded Sec1Payload from the client: Session_Command0 carries the key, Session_Command1 the verifier.</summary>
public sealed class Sec1Request
{
    public Sec1Request(int messageType, byte[] clientPublicKey, byte[] clientVerifyData)
    {
        MessageType = messageType;
        ClientPublicKey = clientPublicKey;
        ClientVerifyData = clientVerifyData;
    }

    public int MessageType { get; }

    /// <summary>SessionCmd0.client_pubkey [1]; empty when absent.</summary>
    public byte[] ClientPublicKey { get; }

    /// <summary>SessionCmd1.client_verify_data [2]; empty when absent.</summary>
    public byte[] ClientVerifyData { get; }
}
