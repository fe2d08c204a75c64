using System.Text;
using Org.BouncyCastle.Crypto.Agreement.Srp;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;

namespace Accessory.Phone.Security;

/// <summary>
/// The phone's SRP-6a arithmetic, written from the facts file with BouncyCastle's BigInteger and its own copy of
/// the RFC 5054 3072-bit group (so a typo in the device's group constant shows up as a failed handshake).
/// </summary>
public static class SrpClientMath
{
    public static readonly Srp6GroupParameters Group = Srp6StandardGroups.rfc5054_3072;

    public static int Length => (Group.N.BitLength + 7) / 8;

    public static byte[] Hash(params byte[][] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var digest = new Sha512Digest();
        foreach (byte[] part in parts)
        {
            digest.BlockUpdate(part, 0, part.Length);
        }

        var result = new byte[64];
        digest.DoFinal(result, 0);
        return result;
    }

    public static BigInteger ToNumber(byte[] bytes) => new(1, bytes);

    public static byte[] Minimal(BigInteger value) => value.ToByteArrayUnsigned();

    public static byte[] Pad(BigInteger value)
    {
        ArgumentNullException.ThrowIfNull(value);
        byte[] minimal = value.ToByteArrayUnsigned();
        var result = new byte[Length];
        minimal.CopyTo(result, Length - minimal.Length);
        return result;
    }

    /// <summary>k = H(N | PAD(g)).</summary>
    public static BigInteger Multiplier() => ToNumber(Hash(Minimal(Group.N), Pad(Group.G)));

    /// <summary>x = H(s | H(I ":" P)).</summary>
    public static BigInteger PrivateKey(byte[] salt, string username, string password) =>
        ToNumber(Hash(salt, Hash(Encoding.UTF8.GetBytes(username + ":" + password))));

    /// <summary>The verifier a device would store, computed the client's way (for cross-checks).</summary>
    public static byte[] Verifier(byte[] salt, string username, string password) =>
        Pad(Group.G.ModPow(PrivateKey(salt, username, password), Group.N));

    /// <summary>H(N) xor H(PAD(g)).</summary>
    public static byte[] HashNXorHashG()
    {
        byte[] hn = Hash(Minimal(Group.N));
        byte[] hg = Hash(Pad(Group.G));
        for (int i = 0; i < hn.Length; i++)
        {
            hn[i] ^= hg[i];
        }

        return hn;
    }
}
