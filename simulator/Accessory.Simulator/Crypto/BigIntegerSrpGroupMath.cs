using System.Numerics;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Crypto;

/// <summary>SRP group arithmetic on System.Numerics.BigInteger (unsigned big-endian in and out).</summary>
public sealed class BigIntegerSrpGroupMath : ISrpGroupMath
{
    private readonly BigInteger _modulus;
    private readonly BigInteger _generator;

    public BigIntegerSrpGroupMath(byte[] modulus, byte[] generator)
    {
        ArgumentNullException.ThrowIfNull(modulus);
        ArgumentNullException.ThrowIfNull(generator);
        _modulus = FromBytes(modulus);
        _generator = FromBytes(generator);
        if (_modulus < 3 || _generator < 2 || _generator >= _modulus)
        {
            throw new ArgumentException("not an SRP group");
        }

        Length = modulus.Length;
    }

    public int Length { get; }

    public byte[] GeneratorPower(byte[] exponent) => ToBytes(BigInteger.ModPow(_generator, FromBytes(exponent), _modulus));

    public byte[] ServerPublicKey(byte[] multiplier, byte[] verifier, byte[] privateKey)
    {
        BigInteger k = FromBytes(multiplier) % _modulus;
        BigInteger v = FromBytes(verifier) % _modulus;
        BigInteger gb = BigInteger.ModPow(_generator, FromBytes(privateKey), _modulus);
        return ToBytes(((k * v) + gb) % _modulus);
    }

    public byte[] ServerPremaster(byte[] clientPublicKey, byte[] verifier, byte[] scrambler, byte[] privateKey)
    {
        BigInteger a = FromBytes(clientPublicKey) % _modulus;
        BigInteger vu = BigInteger.ModPow(FromBytes(verifier), FromBytes(scrambler), _modulus);
        return ToBytes(BigInteger.ModPow(a * vu % _modulus, FromBytes(privateKey), _modulus));
    }

    public bool IsZeroModulo(byte[] value) => (FromBytes(value) % _modulus).IsZero;

    private static BigInteger FromBytes(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new BigInteger(value, isUnsigned: true, isBigEndian: true);
    }

    private byte[] ToBytes(BigInteger value)
    {
        var result = new byte[Length];
        int written = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(result.AsSpan(Length - written), out _, isUnsigned: true, isBigEndian: true);
        return result;
    }
}
