using System.Security.Cryptography;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Crypto;

/// <summary>AES-256-GCM with .NET's AesGcm: 16-byte tag appended, no additional data.</summary>
public sealed class AesGcmCipher : IAesGcmCipher, IDisposable
{
    public const int TagLength = 16;
    public const int NonceLength = 12;

    private readonly AesGcm _gcm;

    public AesGcmCipher(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != 32)
        {
            throw new ArgumentException("AES-256 keys are 32 bytes", nameof(key));
        }

        _gcm = new AesGcm(key, TagLength);
    }

    public byte[] Seal(byte[] nonce, byte[] plaintext)
    {
        CheckNonce(nonce);
        ArgumentNullException.ThrowIfNull(plaintext);
        var output = new byte[plaintext.Length + TagLength];
        _gcm.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length, TagLength));
        return output;
    }

    public byte[]? Open(byte[] nonce, byte[] sealedData)
    {
        CheckNonce(nonce);
        if (sealedData == null || sealedData.Length < TagLength)
        {
            return null;
        }

        int length = sealedData.Length - TagLength;
        var plaintext = new byte[length];
        try
        {
            _gcm.Decrypt(nonce, sealedData.AsSpan(0, length), sealedData.AsSpan(length, TagLength), plaintext);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    public void Dispose() => _gcm.Dispose();

    private static void CheckNonce(byte[] nonce)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        if (nonce.Length != NonceLength)
        {
            throw new ArgumentException("GCM nonces are 12 bytes here", nameof(nonce));
        }
    }
}
