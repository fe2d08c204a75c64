namespace Accessory.Core.Ports;

/// <summary>
/// The heavy cryptographic primitives the provisioning security schemes need (mbedTLS on the ESP32, .NET and
/// BouncyCastle in the simulator). Protocols (what is hashed, checked and in which order) stay in the core;
/// randomness comes from the core's <see cref="IRandom"/>, so every input here is explicit.
/// </summary>
public interface ICryptoProvider
{
    /// <summary>The X25519 public key (32 bytes) of a 32-byte private scalar (clamped as RFC 7748 says).</summary>
    byte[] X25519PublicKey(byte[] privateKey);

    /// <summary>X25519(privateKey, peerPublicKey); null when the result is all zeros (a low-order peer key).</summary>
    byte[]? X25519SharedSecret(byte[] privateKey, byte[] peerPublicKey);

    byte[] Sha256(byte[] data);

    byte[] Sha512(byte[] data);

    /// <summary>An AES-256-CTR keystream starting at the 16-byte big-endian counter block.</summary>
    IAesCtrKeystream CreateAesCtr(byte[] key, byte[] initialCounterBlock);

    /// <summary>AES-256-GCM with a 16-byte tag and no additional data.</summary>
    IAesGcmCipher CreateAesGcm(byte[] key);

    /// <summary>Modular arithmetic for one SRP group (modulus and generator as unsigned big-endian bytes).</summary>
    ISrpGroupMath CreateSrpGroupMath(byte[] modulus, byte[] generator);
}
