namespace Accessory.Core.Ports;

/// <summary>
/// AES-ECB encryption of whole 16-byte blocks under one key: the only AES primitive nanoFramework exposes to C#
/// on an ESP32 (System.Security.Cryptography.Aes over mbedTLS). The core's managed crypto builds CTR and GCM on it.
/// </summary>
public interface IAesBlockCipher
{
    /// <summary>Encrypts blocks.Length / 16 independent blocks; blocks.Length is a multiple of 16.</summary>
    byte[] EncryptBlocks(byte[] blocks);
}

/// <summary>Makes an AES-ECB encryptor for a 16-, 24- or 32-byte key.</summary>
public interface IAesBlockCipherFactory
{
    IAesBlockCipher Create(byte[] key);
}
