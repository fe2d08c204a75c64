using System;
using Accessory.Core.Ports;

namespace Accessory.Core.Crypto;

/// <summary>
/// SRP-6a group arithmetic in managed code (MontgomeryModulus). Same results as the simulator's BigInteger and
/// OpenSSL versions; on the board it is the fallback when the image lacks the native modexp interop, and slow
/// there (docs/firmware.md gives the measured desktop cost and the expected board cost).
/// </summary>
public sealed class ManagedSrpGroupMath : ISrpGroupMath
{
    private readonly MontgomeryModulus _modulus;
    private readonly uint[] _generator;

    public ManagedSrpGroupMath(byte[] modulus, byte[] generator)
    {
        if (modulus == null || generator == null)
        {
            throw new ArgumentNullException(modulus == null ? nameof(modulus) : nameof(generator));
        }

        _modulus = new MontgomeryModulus(modulus);
        _generator = _modulus.Reduce(generator);
        Length = modulus.Length;
    }

    public int Length { get; }

    public byte[] GeneratorPower(byte[] exponent) => _modulus.ToBytes(_modulus.ModPow(_generator, exponent));

    public byte[] ServerPublicKey(byte[] multiplier, byte[] verifier, byte[] privateKey)
    {
        var kv = _modulus.ModMultiply(_modulus.Reduce(multiplier), _modulus.Reduce(verifier));
        var gb = _modulus.ModPow(_generator, privateKey);
        return _modulus.ToBytes(_modulus.ModAdd(kv, gb));
    }

    public byte[] ServerPremaster(byte[] clientPublicKey, byte[] verifier, byte[] scrambler, byte[] privateKey)
    {
        var vu = _modulus.ModPow(_modulus.Reduce(verifier), scrambler);
        var avu = _modulus.ModMultiply(_modulus.Reduce(clientPublicKey), vu);
        return _modulus.ToBytes(_modulus.ModPow(avu, privateKey));
    }

    public bool IsZeroModulo(byte[] value) => MontgomeryModulus.IsZero(_modulus.Reduce(value));
}
