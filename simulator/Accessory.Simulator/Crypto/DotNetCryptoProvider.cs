using System.Security.Cryptography;
using Accessory.Core.Ports;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace Accessory.Simulator.Crypto;

/// <summary>
/// The simulator's <see cref="ICryptoProvider"/>: .NET for hashes and AES, OpenSSL (else BouncyCastle) for X25519, and
/// OpenSSL's BIGNUM (falling back to System.Numerics.BigInteger) for the SRP group arithmetic.
/// </summary>
public sealed class DotNetCryptoProvider : ICryptoProvider
{
    public const int X25519KeyLength = 32;

    public byte[] X25519PublicKey(byte[] privateKey)
    {
        CheckX25519Length(privateKey, nameof(privateKey));
        if (OpenSslX25519.IsAvailable)
        {
            return OpenSslX25519.PublicKey(privateKey);
        }

        var result = new byte[X25519KeyLength];
        X25519.ScalarMultBase(privateKey, 0, result, 0);
        return result;
    }

    public byte[]? X25519SharedSecret(byte[] privateKey, byte[] peerPublicKey)
    {
        CheckX25519Length(privateKey, nameof(privateKey));
        CheckX25519Length(peerPublicKey, nameof(peerPublicKey));
        if (OpenSslX25519.IsAvailable)
        {
            return OpenSslX25519.SharedSecret(privateKey, peerPublicKey);
        }

        var result = new byte[X25519KeyLength];
        return X25519.CalculateAgreement(privateKey, 0, peerPublicKey, 0, result, 0) ? result : null;
    }

    public byte[] Sha256(byte[] data) => SHA256.HashData(data);

    public byte[] Sha512(byte[] data) => SHA512.HashData(data);

    public IAesCtrKeystream CreateAesCtr(byte[] key, byte[] initialCounterBlock) => new AesCtrKeystream(key, initialCounterBlock);

    public IAesGcmCipher CreateAesGcm(byte[] key) => new AesGcmCipher(key);

    /// <summary>OpenSSL's BIGNUM when libcrypto is present (much faster), managed BigInteger otherwise.</summary>
    public ISrpGroupMath CreateSrpGroupMath(byte[] modulus, byte[] generator) =>
        OpenSslBigNum.IsAvailable ? new OpenSslSrpGroupMath(modulus, generator) : new BigIntegerSrpGroupMath(modulus, generator);

    private static void CheckX25519Length(byte[] key, string name)
    {
        ArgumentNullException.ThrowIfNull(key, name);
        if (key.Length != X25519KeyLength)
        {
            throw new ArgumentException("X25519 keys are 32 bytes", name);
        }
    }
}
