namespace Accessory.Simulator.Crypto;

/// <summary>OpenSSL's modular exponentiation for other simulator parts and load tests (unsigned big-endian).</summary>
public static class OpenSslModPow
{
    public static bool IsAvailable => OpenSslBigNum.IsAvailable;

    /// <summary>value^exponent mod modulus, left-padded to the modulus length.</summary>
    public static byte[] Compute(byte[] value, byte[] exponent, byte[] modulus)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(exponent);
        ArgumentNullException.ThrowIfNull(modulus);
        IntPtr ctx = OpenSslBigNum.BN_CTX_new();
        IntPtr a = OpenSslBigNum.FromBytes(value);
        IntPtr e = OpenSslBigNum.FromBytes(exponent);
        IntPtr m = OpenSslBigNum.FromBytes(modulus);
        IntPtr r = OpenSslBigNum.New();
        try
        {
            OpenSslBigNum.Check(OpenSslBigNum.BN_mod_exp_mont_consttime(r, a, e, m, ctx, IntPtr.Zero), "BN_mod_exp");
            var result = new byte[modulus.Length];
            if (OpenSslBigNum.BN_bn2binpad(r, result, result.Length) != result.Length)
            {
                throw new InvalidOperationException("BN_bn2binpad failed");
            }

            return result;
        }
        finally
        {
            OpenSslBigNum.BN_clear_free(a);
            OpenSslBigNum.BN_clear_free(e);
            OpenSslBigNum.BN_clear_free(m);
            OpenSslBigNum.BN_clear_free(r);
            OpenSslBigNum.BN_CTX_free(ctx);
        }
    }
}
