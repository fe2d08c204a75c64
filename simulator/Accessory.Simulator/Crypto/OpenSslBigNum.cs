using System.Runtime.InteropServices;

namespace Accessory.Simulator.Crypto;

/// <summary>
/// The few OpenSSL BIGNUM calls the SRP arithmetic needs. libcrypto is already on every Linux host .NET runs on
/// (System.Security.Cryptography uses it), and its Montgomery exponentiation is several times faster than the
/// managed big integers, which is what makes the security 2 throughput target reachable.
/// </summary>
internal static partial class OpenSslBigNum
{
    private const string Library = "libcrypto.so.3";

    private static readonly Lazy<bool> Available = new(Probe);

    public static bool IsAvailable => Available.Value;

    [LibraryImport(Library)]
    internal static partial IntPtr BN_CTX_new();

    [LibraryImport(Library)]
    internal static partial void BN_CTX_free(IntPtr ctx);

    [LibraryImport(Library)]
    internal static partial IntPtr BN_new();

    [LibraryImport(Library)]
    internal static partial void BN_clear_free(IntPtr value);

    [LibraryImport(Library)]
    internal static partial IntPtr BN_bin2bn(byte[] bytes, int length, IntPtr result);

    [LibraryImport(Library)]
    internal static partial int BN_bn2binpad(IntPtr value, [Out] byte[] to, int length);

    [LibraryImport(Library)]
    internal static partial int BN_is_zero(IntPtr value);

    [LibraryImport(Library)]
    internal static partial int BN_nnmod(IntPtr result, IntPtr value, IntPtr modulus, IntPtr ctx);

    [LibraryImport(Library)]
    internal static partial int BN_mod_mul(IntPtr result, IntPtr a, IntPtr b, IntPtr modulus, IntPtr ctx);

    [LibraryImport(Library)]
    internal static partial int BN_mod_add(IntPtr result, IntPtr a, IntPtr b, IntPtr modulus, IntPtr ctx);

    [LibraryImport(Library)]
    internal static partial int BN_mod_exp_mont(IntPtr result, IntPtr a, IntPtr exponent, IntPtr modulus, IntPtr ctx, IntPtr mont);

    [LibraryImport(Library)]
    internal static partial int BN_mod_exp_mont_consttime(IntPtr result, IntPtr a, IntPtr exponent, IntPtr modulus, IntPtr ctx, IntPtr mont);

    [LibraryImport(Library)]
    internal static partial IntPtr BN_MONT_CTX_new();

    [LibraryImport(Library)]
    internal static partial int BN_MONT_CTX_set(IntPtr mont, IntPtr modulus, IntPtr ctx);

    [LibraryImport(Library)]
    internal static partial void BN_MONT_CTX_free(IntPtr mont);

    /// <summary>A BIGNUM holding an unsigned big-endian number; throws when OpenSSL cannot allocate.</summary>
    internal static IntPtr FromBytes(byte[] bytes)
    {
        IntPtr value = BN_bin2bn(bytes, bytes.Length, IntPtr.Zero);
        return value == IntPtr.Zero ? throw new InvalidOperationException("BN_bin2bn failed") : value;
    }

    internal static IntPtr New()
    {
        IntPtr value = BN_new();
        return value == IntPtr.Zero ? throw new InvalidOperationException("BN_new failed") : value;
    }

    internal static void Check(int result, string operation)
    {
        if (result != 1)
        {
            throw new InvalidOperationException(operation + " failed");
        }
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad(Library, out IntPtr handle))
        {
            return false;
        }

        bool complete = NativeLibrary.TryGetExport(handle, "BN_mod_exp_mont_consttime", out _)
            && NativeLibrary.TryGetExport(handle, "BN_bn2binpad", out _)
            && NativeLibrary.TryGetExport(handle, "BN_is_zero", out _);
        return complete;
    }
}
