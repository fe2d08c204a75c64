using System;

namespace Accessory.Core.Provisioning.Security;

/// <summary>Byte-array helpers for the handshakes (the core has no Span or LINQ).</summary>
public static class SecurityBytes
{
    public static byte[] Concat(byte[] a, byte[] b)
    {
        var result = new byte[a.Length + b.Length];
        Array.Copy(a, 0, result, 0, a.Length);
        Array.Copy(b, 0, result, a.Length, b.Length);
        return result;
    }

    public static byte[] Copy(byte[] data)
    {
        var result = new byte[data.Length];
        Array.Copy(data, result, data.Length);
        return result;
    }

    /// <summary>Big-endian number without leading zero bytes (zero becomes an empty array).</summary>
    public static byte[] StripLeadingZeros(byte[] number)
    {
        int first = 0;
        while (first < number.Length && number[first] == 0)
        {
            first++;
        }

        var result = new byte[number.Length - first];
        Array.Copy(number, first, result, 0, result.Length);
        return result;
    }

    /// <summary>Left-pads a big-endian number with zeros to <paramref name="length"/> bytes (SRP's PAD()).</summary>
    public static byte[] PadLeft(byte[] number, int length)
    {
        byte[] minimal = number.Length > length ? StripLeadingZeros(number) : number;
        if (minimal.Length >= length)
        {
            return minimal;
        }

        var result = new byte[length];
        Array.Copy(minimal, 0, result, length - minimal.Length, minimal.Length);
        return result;
    }

    public static byte[] Xor(byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("lengths differ");
        }

        var result = new byte[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            result[i] = (byte)(a[i] ^ b[i]);
        }

        return result;
    }

    /// <summary>Compares without an early exit, so timing does not reveal how much of a proof matched.</summary>
    public static bool FixedTimeEquals(byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        int diff = 0;
        for (int i = 0; i < a.Length; i++)
        {
            diff |= a[i] ^ b[i];
        }

        return diff == 0;
    }

    /// <summary>Overwrites key material once a session no longer needs it.</summary>
    public static void Wipe(byte[]? data)
    {
        if (data != null)
        {
            Array.Clear(data, 0, data.Length);
        }
    }
}
