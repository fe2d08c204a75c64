namespace Accessory.Core.Provisioning.Security;

/// <summary>
/// One protocomm session's handshake state and cipher. The owning scheme serialises calls by locking the session,
/// so two sessions never wait on each other's (slow) key exchange.
/// </summary>
public abstract class SecuritySession
{
    protected SecuritySession(uint id)
    {
        Id = id;
    }

    public uint Id { get; }

    public abstract bool IsEstablished { get; }

    /// <summary>Handles one scheme payload (Sec0/1/2Payload bytes) and returns the reply payload.</summary>
    public abstract byte[] Handle(byte[] payload);

    /// <summary>Forgets the handshake and wipes keys; the next message must start a new handshake.</summary>
    public abstract void Reset();

    public abstract byte[] Encrypt(byte[] data);

    public abstract byte[] Decrypt(byte[] data);
}
