namespace Accessory.Core.Provisioning;

/// <summary>
/// A protocomm security scheme (sec0, sec1, sec2): owns the handshake on prov-session and the per-session cipher.
/// </summary>
public interface ISecurityScheme
{
    /// <summary>0, 1 or 2, as reported by proto-ver's sec_ver.</summary>
    int Version { get; }

    void OpenSession(uint sessionId);

    void CloseSession(uint sessionId);

    /// <summary>True once the handshake of <paramref name="sessionId"/> completed.</summary>
    bool IsEstablished(uint sessionId);

    /// <summary>Handles one prov-session message (plaintext SessionData in and out).</summary>
    byte[] HandleSessionRequest(uint sessionId, byte[] request);

    byte[] Decrypt(uint sessionId, byte[] data);

    byte[] Encrypt(uint sessionId, byte[] data);
}
