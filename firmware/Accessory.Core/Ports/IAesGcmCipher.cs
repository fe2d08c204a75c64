namespace Accessory.Core.Ports;

/// <summary>AES-256-GCM under one key; 12-byte nonces, no additional data, 16-byte tag after the ciphertext.</summary>
public interface IAesGcmCipher
{
    /// <summary>Returns ciphertext followed by the 16-byte tag.</summary>
    byte[] Seal(byte[] nonce, byte[] plaintext);

    /// <summary>Returns the plaintext, or null when the input is shorter than a tag or the tag does not verify.</summary>
    byte[]? Open(byte[] nonce, byte[] sealedData);
}
