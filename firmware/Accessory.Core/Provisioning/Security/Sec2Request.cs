namespace Accessory.Core.Provisioning.Security;

/// <summary>A decoded Sec2Payload from the client: S2Session_Command0 (username, A) or S2Session_Command1 (M1).</summary>
public sealed class Sec2Request
{
    public Sec2Request(int messageType, byte[] clientUsername, byte[] clientPublicKey, byte[] clientProof)
    {
        MessageType = messageType;
        ClientUsername = clientUsername;
        ClientPublicKey = clientPublicKey;
        ClientProof = clientProof;
    }

    public int MessageType { get; }

    /// <summary>S2SessionCmd0.client_username [1]; empty when absent.</summary>
    public byte[] ClientUsername { get; }

    /// <summary>S2SessionCmd0.client_pubkey [2] (SRP's A); empty when absent.</summary>
    public byte[] ClientPublicKey { get; }

    /// <summary>S2SessionCmd1.client_proof [1] (SRP's M1); empty when absent.</summary>
    public byte[] ClientProof { get; }
}
