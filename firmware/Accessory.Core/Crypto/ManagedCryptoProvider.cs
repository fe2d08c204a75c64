using System;
using Accessory.Core.Ports;

namespace Accessory.Core.Crypto;

/// <summary>Makes the group arithmetic for SRP-6a: native where the body has it, managed otherwise.</summary>
public delegate ISrpGroupMath SrpGroupMathFactory(byte[] modulus, byte[] generator);

/// <summary>
/// ICryptoProvider for bodies whose only native cipher is AES-ECB (nanoFramework on ESP32): AES-CTR and AES-GCM
/// over the block port, SHA-256/512 and X25519 in managed code, SRP arithmetic from a factory (native interop on
/// a custom image, ManagedSrpGroupMath otherwise). Tests run it against the simulator's known-answer vectors.
/// </summary>
public sealed class ManagedCryptoProvider : ICryptoProvider
{
    private readonly IAesBlockCipherFactory _aes;
    private readonly SrpGroupMathFactory _srp;

    public ManagedCryptoProvider(IAesBlockCipherFactory aes, SrpGroupMathFactory? srp)
    {
        _aes = aes ?? throw new ArgumentNullException(nameof(aes));
        _srp = srp ?? ((modulus, generator) => new ManagedSrpGroupMath(modulus, generator));
    }

    public byte[] X25519PublicKey(byte[] privateKey) => X25519.PublicKey(privateKey);

    public byte[]? X25519SharedSecret(byte[] privateKey, byte[] peerPublicKey) => X25519.SharedSecret(privateKey, peerPublicKey);

    public byte[] Sha256(byte[] data) => Crypto.Sha256.Hash(data);

    public byte[] Sha512(byte[] data) => Crypto.Sha512.Hash(data);

    public IAesCtrKeystream CreateAesCtr(byte[] key, byte[] initialCounterBlock)
    {
        CheckKey(key);
        return new BlockCtrKeystream(_aes.Create(key), initialCounterBlock);
    }

    public IAesGcmCipher CreateAesGcm(byte[] key)
    {
        CheckKey(key);
        return new BlockGcmCipher(_aes.Create(key));
    }

    public ISrpGroupMath CreateSrpGroupMath(byte[] modulus, byte[] generator) => _srp(modulus, generator);

    private static void CheckKey(byte[] key)
    {
        if (key == null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        if (key.Length != 32)
        {
            throw new ArgumentException("AES-256 keys are 32 bytes");
        }
    }
}
