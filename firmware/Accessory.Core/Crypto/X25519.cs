using System;

namespace Accessory.Core.Crypto;

/// <summary>
/// X25519 (RFC 7748) in managed code for boards without a native implementation. Field elements are 16 limbs of
/// 16 bits held in longs (radix 2^16), the Montgomery ladder swaps in constant time. Correct rather than fast: on
/// the IL interpreter one scalar multiplication costs seconds (see docs/firmware.md).
/// </summary>
public static class X25519
{
    public const int KeyLength = 32;
    private static readonly long[] A24 = { 0xDB41, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

    public static byte[] PublicKey(byte[] privateKey)
    {
        var basePoint = new byte[KeyLength];
        basePoint[0] = 9;
        return ScalarMult(privateKey, basePoint);
    }

    /// <summary>The shared secret, or null when it is all zeros (a low-order peer key, RFC 7748 section 6.1).</summary>
    public static byte[]? SharedSecret(byte[] privateKey, byte[] peerPublicKey)
    {
        var shared = ScalarMult(privateKey, peerPublicKey);
        int any = 0;
        for (int i = 0; i < KeyLength; i++)
        {
            any |= shared[i];
        }

        return any == 0 ? null : shared;
    }

    public static byte[] ScalarMult(byte[] scalar, byte[] point)
    {
        if (scalar == null || point == null || scalar.Length != KeyLength || point.Length != KeyLength)
        {
            throw new ArgumentException("X25519 keys are 32 bytes");
        }

        var z = new byte[KeyLength];
        Array.Copy(scalar, z, KeyLength);
        z[31] = (byte)((z[31] & 127) | 64);
        z[0] &= 248;
        var x = Unpack(point);
        var a = new long[16];
        var b = new long[16];
        var c = new long[16];
        var d = new long[16];
        var e = new long[16];
        var f = new long[16];
        // One product buffer for the whole ladder: the interpreter's GC is slow, so nothing is allocated per step.
        var t = new long[31];
        Array.Copy(x, b, 16);
        a[0] = 1;
        d[0] = 1;
        for (int i = 254; i >= 0; i--)
        {
            long bit = (z[i >> 3] >> (i & 7)) & 1;
            Swap(a, b, bit);
            Swap(c, d, bit);
            Add(e, a, c);
            Sub(a, a, c);
            Add(c, b, d);
            Sub(b, b, d);
            Mul(d, e, e, t);
            Mul(f, a, a, t);
            Mul(a, c, a, t);
            Mul(c, b, e, t);
            Add(e, a, c);
            Sub(a, a, c);
            Mul(b, a, a, t);
            Sub(c, d, f);
            Mul(a, c, A24, t);
            Add(a, a, d);
            Mul(c, c, a, t);
            Mul(a, d, f, t);
            Mul(d, b, x, t);
            Mul(b, e, e, t);
            Swap(a, b, bit);
            Swap(c, d, bit);
        }

        Invert(c, c, t);
        Mul(a, a, c, t);
        return Pack(a);
    }

    private static long[] Unpack(byte[] bytes)
    {
        var o = new long[16];
        for (int i = 0; i < 16; i++)
        {
            o[i] = bytes[2 * i] + ((long)bytes[(2 * i) + 1] << 8);
        }

        o[15] &= 0x7fff;
        return o;
    }

    private static byte[] Pack(long[] n)
    {
        var t = new long[16];
        var m = new long[16];
        Array.Copy(n, t, 16);
        Carry(t);
        Carry(t);
        Carry(t);
        for (int j = 0; j < 2; j++)
        {
            m[0] = t[0] - 0xffed;
            for (int i = 1; i < 15; i++)
            {
                m[i] = t[i] - 0xffff - ((m[i - 1] >> 16) & 1);
                m[i - 1] &= 0xffff;
            }

            m[15] = t[15] - 0x7fff - ((m[14] >> 16) & 1);
            long borrow = (m[15] >> 16) & 1;
            m[14] &= 0xffff;
            Swap(t, m, 1 - borrow);
        }

        var o = new byte[KeyLength];
        for (int i = 0; i < 16; i++)
        {
            o[2 * i] = (byte)t[i];
            o[(2 * i) + 1] = (byte)(t[i] >> 8);
        }

        return o;
    }

    private static void Carry(long[] o)
    {
        for (int i = 0; i < 16; i++)
        {
            o[i] += 1L << 16;
            long c = o[i] >> 16;
            if (i < 15)
            {
                o[i + 1] += c - 1;
            }
            else
            {
                o[0] += 38 * (c - 1);
            }

            o[i] -= c << 16;
        }
    }

    // Constant-time conditional swap: bit is 0 or 1.
    private static void Swap(long[] p, long[] q, long bit)
    {
        long mask = ~(bit - 1);
        for (int i = 0; i < 16; i++)
        {
            long t = mask & (p[i] ^ q[i]);
            p[i] ^= t;
            q[i] ^= t;
        }
    }

    private static void Add(long[] o, long[] a, long[] b)
    {
        for (int i = 0; i < 16; i++)
        {
            o[i] = a[i] + b[i];
        }
    }

    private static void Sub(long[] o, long[] a, long[] b)
    {
        for (int i = 0; i < 16; i++)
        {
            o[i] = a[i] - b[i];
        }
    }

    private static void Mul(long[] o, long[] a, long[] b, long[] t)
    {
        Array.Clear(t, 0, t.Length);
        for (int i = 0; i < 16; i++)
        {
            for (int j = 0; j < 16; j++)
            {
                t[i + j] += a[i] * b[j];
            }
        }

        // 2^256 = 38 (mod 2^255 - 19).
        for (int i = 0; i < 15; i++)
        {
            t[i] += 38 * t[i + 16];
        }

        for (int i = 0; i < 16; i++)
        {
            o[i] = t[i];
        }

        Carry(o);
        Carry(o);
    }

    // a^(p-2) by square-and-multiply over the fixed exponent 2^255 - 21.
    private static void Invert(long[] o, long[] input, long[] t)
    {
        var c = new long[16];
        Array.Copy(input, c, 16);
        for (int a = 253; a >= 0; a--)
        {
            Mul(c, c, c, t);
            if (a != 2 && a != 4)
            {
                Mul(c, c, input, t);
            }
        }

        Array.Copy(c, o, 16);
    }
}
