using Accessory.Core.Ports;

namespace Accessory.Simulator.Crypto;

/// <summary>
/// SRP group arithmetic on OpenSSL BIGNUMs with a shared Montgomery context for N. Secret exponents (b) use the
/// constant-time exponentiation; the public scrambler u uses the plain one. Thread-safe: every call has its own
/// BN_CTX, and the Montgomery context is only read after construction.
/// </summary>
public sealed class OpenSslSrpGroupMath : ISrpGroupMath, IDisposable
{
    private readonly IntPtr _modulus;
    private readonly IntPtr _generator;
    private readonly IntPtr _mont;
    private bool _disposed;

    public OpenSslSrpGroupMath(byte[] modulus, byte[] generator)
    {
        ArgumentNullException.ThrowIfNull(modulus);
        ArgumentNullException.ThrowIfNull(generator);
        if (!OpenSslBigNum.IsAvailable)
        {
            throw new PlatformNotSupportedException("libcrypto.so.3 is not available");
        }

        if (modulus.Length == 0 || (modulus[^1] & 1) == 0)
        {
            throw new ArgumentException("the SRP modulus must be odd", nameof(modulus));
        }

        Length = modulus.Length;
        _modulus = OpenSslBigNum.FromBytes(modulus);
        _generator = OpenSslBigNum.FromBytes(generator);
        _mont = OpenSslBigNum.BN_MONT_CTX_new();
        IntPtr ctx = OpenSslBigNum.BN_CTX_new();
        try
        {
            OpenSslBigNum.Check(OpenSslBigNum.BN_MONT_CTX_set(_mont, _modulus, ctx), "BN_MONT_CTX_set");
        }
        finally
        {
            OpenSslBigNum.BN_CTX_free(ctx);
        }
    }

    ~OpenSslSrpGroupMath()
    {
        Release();
    }

    public int Length { get; }

    public byte[] GeneratorPower(byte[] exponent)
    {
        ArgumentNullException.ThrowIfNull(exponent);
        ObjectDisposedException.ThrowIf(_disposed, this);
        IntPtr ctx = OpenSslBigNum.BN_CTX_new();
        IntPtr e = OpenSslBigNum.FromBytes(exponent);
        IntPtr result = OpenSslBigNum.New();
        try
        {
            OpenSslBigNum.Check(OpenSslBigNum.BN_mod_exp_mont_consttime(result, _generator, e, _modulus, ctx, _mont), "BN_mod_exp");
            return ToBytes(result);
        }
        finally
        {
            Free(ctx, e, result);
        }
    }

    public byte[] ServerPublicKey(byte[] multiplier, byte[] verifier, byte[] privateKey)
    {
        ArgumentNullException.ThrowIfNull(multiplier);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(privateKey);
        ObjectDisposedException.ThrowIf(_disposed, this);
        IntPtr ctx = OpenSslBigNum.BN_CTX_new();
        IntPtr k = OpenSslBigNum.FromBytes(multiplier);
        IntPtr v = OpenSslBigNum.FromBytes(verifier);
        IntPtr b = OpenSslBigNum.FromBytes(privateKey);
        IntPtr kv = OpenSslBigNum.New();
        IntPtr gb = OpenSslBigNum.New();
        try
        {
            OpenSslBigNum.Check(OpenSslBigNum.BN_mod_mul(kv, k, v, _modulus, ctx), "BN_mod_mul");
            OpenSslBigNum.Check(OpenSslBigNum.BN_mod_exp_mont_consttime(gb, _generator, b, _modulus, ctx, _mont), "BN_mod_exp");
            OpenSslBigNum.Check(OpenSslBigNum.BN_mod_add(gb, gb, kv, _modulus, ctx), "BN_mod_add");
            return ToBytes(gb);
        }
        finally
        {
            Free(ctx, k, v, b, kv, gb);
        }
    }

    public byte[] ServerPremaster(byte[] clientPublicKey, byte[] verifier, byte[] scrambler, byte[] privateKey)
    {
        ArgumentNullException.ThrowIfNull(clientPublicKey);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(scrambler);
        ArgumentNullException.ThrowIfNull(privateKey);
        ObjectDisposedException.ThrowIf(_disposed, this);
        IntPtr ctx = OpenSslBigNum.BN_CTX_new();
        IntPtr a = OpenSslBigNum.FromBytes(clientPublicKey);
        IntPtr v = OpenSslBigNum.FromBytes(verifier);
        IntPtr u = OpenSslBigNum.FromBytes(scrambler);
        IntPtr b = OpenSslBigNum.FromBytes(privateKey);
        IntPtr t = OpenSslBigNum.New();
        try
        {
            OpenSslBigNum.Check(OpenSslBigNum.BN_mod_exp_mont(t, v, u, _modulus, ctx, _mont), "BN_mod_exp");
            OpenSslBigNum.Check(OpenSslBigNum.BN_mod_mul(t, t, a, _modulus, ctx), "BN_mod_mul");
            OpenSslBigNum.Check(OpenSslBigNum.BN_mod_exp_mont_consttime(t, t, b, _modulus, ctx, _mont), "BN_mod_exp");
            return ToBytes(t);
        }
        finally
        {
            Free(ctx, a, v, u, b, t);
        }
    }

    public bool IsZeroModulo(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        ObjectDisposedException.ThrowIf(_disposed, this);
        IntPtr ctx = OpenSslBigNum.BN_CTX_new();
        IntPtr x = OpenSslBigNum.FromBytes(value);
        IntPtr r = OpenSslBigNum.New();
        try
        {
            OpenSslBigNum.Check(OpenSslBigNum.BN_nnmod(r, x, _modulus, ctx), "BN_nnmod");
            return OpenSslBigNum.BN_is_zero(r) == 1;
        }
        finally
        {
            Free(ctx, x, r);
        }
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private static void Free(IntPtr ctx, params IntPtr[] values)
    {
        foreach (IntPtr value in values)
        {
            OpenSslBigNum.BN_clear_free(value);
        }

        OpenSslBigNum.BN_CTX_free(ctx);
    }

    private byte[] ToBytes(IntPtr value)
    {
        var result = new byte[Length];
        if (OpenSslBigNum.BN_bn2binpad(value, result, Length) != Length)
        {
            throw new InvalidOperationException("BN_bn2binpad failed");
        }

        return result;
    }

    private void Release()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        OpenSslBigNum.BN_MONT_CTX_free(_mont);
        OpenSslBigNum.BN_clear_free(_modulus);
        OpenSslBigNum.BN_clear_free(_generator);
    }
}
