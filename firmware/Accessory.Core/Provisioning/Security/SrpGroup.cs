using Accessory.Core.Ports;
using Accessory.Core.Text;

namespace Accessory.Core.Provisioning.Security;

/// <summary>
/// SRP-6a with SHA-512 over one group: the hashing rules (what is padded, what is hashed raw) live here; the port
/// does only the modular arithmetic. Precomputes k = H(N | PAD(g)) and H(N) xor H(PAD(g)) once per device.
/// </summary>
public sealed class SrpGroup
{
    private readonly ICryptoProvider _crypto;

    public SrpGroup(ICryptoProvider crypto, byte[] modulus, byte[] generator)
    {
        _crypto = crypto;
        Arithmetic = crypto.CreateSrpGroupMath(modulus, generator);
        Length = modulus.Length;
        byte[] paddedGenerator = SecurityBytes.PadLeft(generator, Length);
        Multiplier = Hash(modulus, paddedGenerator);
        HashModulusXorHashGenerator = SecurityBytes.Xor(crypto.Sha512(modulus), crypto.Sha512(paddedGenerator));
    }

    /// <summary>The RFC 5054 3072-bit group with g = 5.</summary>
    public static SrpGroup Rfc5054Group3072(ICryptoProvider crypto) => new SrpGroup(crypto, Srp3072Group.Modulus(), Srp3072Group.GeneratorBytes());

    public ISrpGroupMath Arithmetic { get; }

    /// <summary>Bytes in N; also the size of A and of PAD().</summary>
    public int Length { get; }

    /// <summary>k = H(N | PAD(g)).</summary>
    public byte[] Multiplier { get; }

    /// <summary>H(N) xor H(PAD(g)), the first term of M.</summary>
    public byte[] HashModulusXorHashGenerator { get; }

    /// <summary>x = H(s | H(I ":" P)); the salt is hashed as raw bytes, as the device does.</summary>
    public byte[] PrivateKey(byte[] salt, byte[] username, byte[] password)
    {
        var identity = new ByteBuilder(username.Length + password.Length + 1);
        identity.Append(username);
        identity.Append((byte)':');
        identity.Append(password);
        byte[] identityBytes = identity.ToArray();
        byte[] inner = _crypto.Sha512(identityBytes);
        SecurityBytes.Wipe(identityBytes);
        identity.Clear();
        return Hash(salt, inner);
    }

    /// <summary>u = H(PAD(A) | PAD(B)).</summary>
    public byte[] Scrambler(byte[] clientPublicKey, byte[] serverPublicKey) =>
        Hash(SecurityBytes.PadLeft(clientPublicKey, Length), SecurityBytes.PadLeft(serverPublicKey, Length));

    /// <summary>M = H(H(N) xor H(PAD(g)) | H(I) | s | A | B | K), with A as received and B minimal.</summary>
    public byte[] ClientProof(byte[] username, byte[] salt, byte[] clientPublicKey, byte[] serverPublicKey, byte[] sessionKey)
    {
        var data = new ByteBuilder(64 + 64 + salt.Length + clientPublicKey.Length + serverPublicKey.Length + 64);
        data.Append(HashModulusXorHashGenerator);
        data.Append(_crypto.Sha512(username));
        data.Append(salt);
        data.Append(clientPublicKey);
        data.Append(serverPublicKey);
        data.Append(sessionKey);
        return _crypto.Sha512(data.ToArray());
    }

    /// <summary>Device proof H(A | M | K).</summary>
    public byte[] ServerProof(byte[] clientPublicKey, byte[] clientProof, byte[] sessionKey) =>
        Hash(clientPublicKey, SecurityBytes.Concat(clientProof, sessionKey));

    public byte[] Hash(byte[] a, byte[] b) => _crypto.Sha512(SecurityBytes.Concat(a, b));

    public byte[] Hash(byte[] data) => _crypto.Sha512(data);
}
