using System.Runtime.InteropServices;

namespace Accessory.Simulator.Crypto;

/// <summary>
/// X25519 through OpenSSL's EVP interface: about four times faster than the managed implementation, which matters
/// for the sec1 session rate. <see cref="DotNetCryptoProvider"/> falls back to BouncyCastle without libcrypto.
/// </summary>
internal static partial class OpenSslX25519
{
    private const string Library = "libcrypto.so.3";
    private const int KeyTypeX25519 = 1034; // NID_X25519
    private const int KeyLength = 32;

    private static readonly Lazy<bool> Available = new(Probe);

    public static bool IsAvailable => Available.Value;

    public static byte[] PublicKey(byte[] privateKey)
    {
        IntPtr key = EVP_PKEY_new_raw_private_key(KeyTypeX25519, IntPtr.Zero, privateKey, KeyLength);
        if (key == IntPtr.Zero)
        {
            throw new CryptographicFailure("OpenSSL refused the X25519 private key");
        }

        try
        {
            var result = new byte[KeyLength];
            nuint length = KeyLength;
            if (EVP_PKEY_get_raw_public_key(key, result, ref length) != 1 || length != KeyLength)
            {
                throw new CryptographicFailure("OpenSSL could not derive the X25519 public key");
            }

            return result;
        }
        finally
        {
            EVP_PKEY_free(key);
        }
    }

    /// <summary>The shared secret, or null when OpenSSL rejects the peer key (e.g. a low-order point).</summary>
    public static byte[]? SharedSecret(byte[] privateKey, byte[] peerPublicKey)
    {
        IntPtr key = EVP_PKEY_new_raw_private_key(KeyTypeX25519, IntPtr.Zero, privateKey, KeyLength);
        IntPtr peer = EVP_PKEY_new_raw_public_key(KeyTypeX25519, IntPtr.Zero, peerPublicKey, KeyLength);
        IntPtr context = key == IntPtr.Zero ? IntPtr.Zero : EVP_PKEY_CTX_new(key, IntPtr.Zero);
        try
        {
            if (context == IntPtr.Zero || peer == IntPtr.Zero || EVP_PKEY_derive_init(context) != 1 || EVP_PKEY_derive_set_peer(context, peer) != 1)
            {
                return null;
            }

            var secret = new byte[KeyLength];
            nuint length = KeyLength;
            return EVP_PKEY_derive(context, secret, ref length) == 1 && length == KeyLength ? secret : null;
        }
        finally
        {
            if (context != IntPtr.Zero)
            {
                EVP_PKEY_CTX_free(context);
            }

            EVP_PKEY_free(peer);
            EVP_PKEY_free(key);
        }
    }

    private static bool Probe()
    {
        try
        {
            var probe = new byte[KeyLength];
            probe[0] = 1;
            return PublicKey(probe).Length == KeyLength;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or CryptographicFailure)
        {
            return false;
        }
    }

    [LibraryImport(Library)]
    private static partial IntPtr EVP_PKEY_new_raw_private_key(int type, IntPtr engine, byte[] key, nuint length);

    [LibraryImport(Library)]
    private static partial IntPtr EVP_PKEY_new_raw_public_key(int type, IntPtr engine, byte[] key, nuint length);

    [LibraryImport(Library)]
    private static partial int EVP_PKEY_get_raw_public_key(IntPtr key, [Out] byte[] publicKey, ref nuint length);

    [LibraryImport(Library)]
    private static partial void EVP_PKEY_free(IntPtr key);

    [LibraryImport(Library)]
    private static partial IntPtr EVP_PKEY_CTX_new(IntPtr key, IntPtr engine);

    [LibraryImport(Library)]
    private static partial void EVP_PKEY_CTX_free(IntPtr context);

    [LibraryImport(Library)]
    private static partial int EVP_PKEY_derive_init(IntPtr context);

    [LibraryImport(Library)]
    private static partial int EVP_PKEY_derive_set_peer(IntPtr context, IntPtr peer);

    [LibraryImport(Library)]
    private static partial int EVP_PKEY_derive(IntPtr context, [Out] byte[] secret, ref nuint length);

    private sealed class CryptographicFailure(string message) : Exception(message);
}
