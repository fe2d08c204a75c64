using System;
using System.Security.Cryptography;
using Accessory.Core.Ports;

namespace Accessory.Firmware.Ports
{
    /// <summary>
    /// AES-ECB on the board: nanoFramework's System.Security.Cryptography.Aes (mbedTLS, hardware AES on ESP32).
    /// Whole blocks only, no padding, which is all the core's CTR and GCM need.
    /// </summary>
    public sealed class NanoAesBlockCipher : IAesBlockCipher
    {
        private readonly Aes _aes;

        public NanoAesBlockCipher(byte[] key)
        {
            _aes = new Aes(CipherMode.ECB);
            _aes.Key = key;
        }

        public byte[] EncryptBlocks(byte[] blocks)
        {
            if (blocks == null || blocks.Length % 16 != 0)
            {
                throw new ArgumentException("AES-ECB works on whole 16-byte blocks");
            }

            return _aes.Encrypt(blocks);
        }
    }

    /// <summary>Creates NanoAesBlockCipher instances for the core's ManagedCryptoProvider.</summary>
    public sealed class NanoAesBlockCipherFactory : IAesBlockCipherFactory
    {
        public IAesBlockCipher Create(byte[] key) => new NanoAesBlockCipher(key);
    }
}
