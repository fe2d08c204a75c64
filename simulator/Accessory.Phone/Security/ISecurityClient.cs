namespace Accessory.Phone.Security;

/// <summary>
/// The phone side of a protocomm security scheme, written independently of the device code (BouncyCastle and
/// protoc-generated messages). Transport-agnostic: the caller supplies how a prov-session request is exchanged.
/// </summary>
public interface ISecurityClient
{
    int SecurityVersion { get; }

    bool IsEstablished { get; }

    /// <summary>Runs the whole handshake; <paramref name="exchange"/> sends SessionData bytes and returns the reply.</summary>
    void Handshake(Func<byte[], byte[]> exchange);

    /// <summary>Encrypts a request for an endpoint other than prov-session and proto-ver.</summary>
    byte[] EncryptRequest(byte[] plaintext);

    /// <summary>Decrypts the device's response to the previous request.</summary>
    byte[] DecryptResponse(byte[] ciphertext);
}
