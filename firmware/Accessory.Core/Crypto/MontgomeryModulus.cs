using System;

namespace Accessory.Core.Crypto;

/// <summary>
/// Arithmetic modulo one odd modulus with 32-bit limbs (little-endian uint arrays of the modulus's length):
/// Montgomery multiplication (CIOS), modular exponentiation, reduction of longer values. The managed fallback for
/// SRP-6a's 3072-bit group where the firmware image has no native modexp.
/// </summary>
public sealed class MontgomeryModulus
{
    private readonly uint[] _n;
    private readonly uint _n0Inverse;
    private readonly uint[] _rSquared;
    private readonly int _byteLength;

    public MontgomeryModulus(byte[] modulus)
    {
        if (modulus == null || modulus.Length == 0 || (modulus[modulus.Length - 1] & 1) == 0)
        {
            throw new ArgumentException("the modulus must be odd");
        }

        _byteLength = modulus.Length;
        _n = FromBigEndian(modulus, (modulus.Length + 3) / 4);
        // -n^-1 mod 2^32 by Newton iteration: each step doubles the correct low bits.
        uint inverse = 1;
        for (int i = 0; i < 5; i++)
        {
            inverse = unchecked(inverse * (2 - (_n[0] * inverse)));
        }

        _n0Inverse = unchecked(0 - inverse);
        var r2 = new byte[(_n.Length * 8) + 1];
        r2[0] = 1;
        _rSquared = Reduce(r2);
    }

    public int Limbs => _n.Length;

    /// <summary>value mod n for a big-endian value of any length (shift-and-subtract, one bit at a time).</summary>
    public uint[] Reduce(byte[] value)
    {
        var r = new uint[_n.Length];
        for (int i = 0; i < value.Length; i++)
        {
            for (int bit = 7; bit >= 0; bit--)
            {
                uint carry = ShiftLeftOne(r);
                r[0] |= (uint)((value[i] >> bit) & 1);
                if (carry != 0 || Compare(r, _n) >= 0)
                {
                    SubtractInPlace(r, _n);
                }
            }
        }

        return r;
    }

    public uint[] ModPow(uint[] baseValue, byte[] exponent)
    {
        var x = Multiply(baseValue, _rSquared);
        var one = new uint[_n.Length];
        one[0] = 1;
        var result = Multiply(one, _rSquared);
        // Two buffers swapped for the whole exponentiation: no allocation per step for the interpreter's slow GC.
        var spare = new uint[_n.Length];
        var scratch = new uint[_n.Length + 2];
        for (int i = 0; i < exponent.Length; i++)
        {
            for (int bit = 7; bit >= 0; bit--)
            {
                MultiplyInto(spare, result, result, scratch);
                var swap = result;
                result = spare;
                spare = swap;
                if (((exponent[i] >> bit) & 1) != 0)
                {
                    MultiplyInto(spare, result, x, scratch);
                    swap = result;
                    result = spare;
                    spare = swap;
                }
            }
        }

        return Multiply(result, one);
    }

    /// <summary>a * b mod n for reduced a and b.</summary>
    public uint[] ModMultiply(uint[] a, uint[] b) => Multiply(Multiply(a, b), _rSquared);

    /// <summary>a + b mod n for reduced a and b.</summary>
    public uint[] ModAdd(uint[] a, uint[] b)
    {
        var sum = new uint[_n.Length];
        ulong carry = 0;
        for (int i = 0; i < sum.Length; i++)
        {
            ulong s = (ulong)a[i] + b[i] + carry;
            sum[i] = (uint)s;
            carry = s >> 32;
        }

        if (carry != 0 || Compare(sum, _n) >= 0)
        {
            SubtractInPlace(sum, _n);
        }

        return sum;
    }

    public static bool IsZero(uint[] value)
    {
        uint any = 0;
        for (int i = 0; i < value.Length; i++)
        {
            any |= value[i];
        }

        return any == 0;
    }

    /// <summary>Big-endian bytes, left-padded to the modulus's byte length.</summary>
    public byte[] ToBytes(uint[] value)
    {
        var result = new byte[_byteLength];
        for (int i = 0; i < _byteLength; i++)
        {
            int limb = i / 4;
            result[_byteLength - 1 - i] = (byte)(value[limb] >> (8 * (i % 4)));
        }

        return result;
    }

    private static uint[] FromBigEndian(byte[] bytes, int limbs)
    {
        var value = new uint[limbs];
        for (int i = 0; i < bytes.Length; i++)
        {
            int position = bytes.Length - 1 - i;
            value[position / 4] |= (uint)bytes[i] << (8 * (position % 4));
        }

        return value;
    }

    private static uint ShiftLeftOne(uint[] value)
    {
        uint carry = 0;
        for (int i = 0; i < value.Length; i++)
        {
            uint next = value[i] >> 31;
            value[i] = (value[i] << 1) | carry;
            carry = next;
        }

        return carry;
    }

    private static int Compare(uint[] a, uint[] b)
    {
        for (int i = a.Length - 1; i >= 0; i--)
        {
            if (a[i] != b[i])
            {
                return a[i] > b[i] ? 1 : -1;
            }
        }

        return 0;
    }

    private static void SubtractInPlace(uint[] a, uint[] b)
    {
        long borrow = 0;
        for (int i = 0; i < a.Length; i++)
        {
            long d = (long)a[i] - b[i] - borrow;
            a[i] = (uint)d;
            borrow = d < 0 ? 1 : 0;
        }
    }

    private uint[] Multiply(uint[] a, uint[] b)
    {
        var result = new uint[_n.Length];
        MultiplyInto(result, a, b, new uint[_n.Length + 2]);
        return result;
    }

    // CIOS Montgomery product a * b * R^-1 mod n, R = 2^(32 * limbs), into result (which may not alias a or b).
    private void MultiplyInto(uint[] result, uint[] a, uint[] b, uint[] t)
    {
        int s = _n.Length;
        Array.Clear(t, 0, t.Length);
        for (int i = 0; i < s; i++)
        {
            ulong carry = 0;
            ulong ai = a[i];
            for (int j = 0; j < s; j++)
            {
                ulong sum = t[j] + (ai * b[j]) + carry;
                t[j] = (uint)sum;
                carry = sum >> 32;
            }

            ulong top = t[s] + carry;
            t[s] = (uint)top;
            t[s + 1] = (uint)(top >> 32);
            uint m = unchecked(t[0] * _n0Inverse);
            ulong reduce = t[0] + ((ulong)m * _n[0]);
            carry = reduce >> 32;
            for (int j = 1; j < s; j++)
            {
                ulong sum = t[j] + ((ulong)m * _n[j]) + carry;
                t[j - 1] = (uint)sum;
                carry = sum >> 32;
            }

            top = t[s] + carry;
            t[s - 1] = (uint)top;
            t[s] = t[s + 1] + (uint)(top >> 32);
        }

        Array.Copy(t, result, s);
        if (t[s] != 0 || Compare(result, _n) >= 0)
        {
            SubtractInPlace(result, _n);
        }
    }
}
