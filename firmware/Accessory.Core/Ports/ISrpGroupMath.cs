namespace Accessory.Core.Ports;

/// <summary>
/// Modular arithmetic in one SRP-6a group. All numbers are unsigned big-endian byte arrays of any length;
/// results are left-padded to <see cref="Length"/> bytes. Hashing and every protocol check stay in the core.
/// </summary>
public interface ISrpGroupMath
{
    /// <summary>Size of the modulus N in bytes.</summary>
    int Length { get; }

    /// <summary>g^exponent mod N (the verifier from x, or a public key from a private exponent).</summary>
    byte[] GeneratorPower(byte[] exponent);

    /// <summary>B = (k*v + g^b) mod N.</summary>
    byte[] ServerPublicKey(byte[] multiplier, byte[] verifier, byte[] privateKey);

    /// <summary>S = (A * v^u)^b mod N.</summary>
    byte[] ServerPremaster(byte[] clientPublicKey, byte[] verifier, byte[] scrambler, byte[] privateKey);

    /// <summary>True when value mod N == 0 (a client key that would force a known premaster).</summary>
    bool IsZeroModulo(byte[] value);
}
