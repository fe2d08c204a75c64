using System;

namespace Accessory.Core.Crypto;

/// <summary>
/// SHA-1 (FIPS 180-4) in managed code, for one use only: RFC 6455 fixes it for the WebSocket handshake's
/// Sec-WebSocket-Accept value, which protects nothing (it only proves the server read the key). nanoFramework on
/// an ESP32 offers no SHA-1 to C#. Never use it for anything that needs collision resistance.
/// </summary>
public static class Sha1
{
    public static byte[] Hash(byte[] data)
    {
        if (data == null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        uint h0 = 0x67452301, h1 = 0xEFCDAB89, h2 = 0x98BADCFE, h3 = 0x10325476, h4 = 0xC3D2E1F0;
        long bitLength = (long)data.Length * 8;
        int paddedLength = ((data.Length + 8) / 64 + 1) * 64;
        var padded = new byte[paddedLength];
        Array.Copy(data, padded, data.Length);
        padded[data.Length] = 0x80;
        for (int i = 0; i < 8; i++)
        {
            padded[paddedLength - 1 - i] = (byte)(bitLength >> (8 * i));
        }

        var w = new uint[80];
        for (int block = 0; block < paddedLength; block += 64)
        {
            for (int t = 0; t < 16; t++)
            {
                int i = block + (t * 4);
                w[t] = ((uint)padded[i] << 24) | ((uint)padded[i + 1] << 16) | ((uint)padded[i + 2] << 8) | padded[i + 3];
            }

            for (int t = 16; t < 80; t++)
            {
                w[t] = Rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
            }

            uint a = h0, b = h1, c = h2, d = h3, e = h4;
            for (int t = 0; t < 80; t++)
            {
                uint f;
                uint k;
                if (t < 20)
                {
                    f = (b & c) | (~b & d);
                    k = 0x5A827999;
                }
                else if (t < 40)
                {
                    f = b ^ c ^ d;
                    k = 0x6ED9EBA1;
                }
                else if (t < 60)
                {
                    f = (b & c) | (b & d) | (c & d);
                    k = 0x8F1BBCDC;
                }
                else
                {
                    f = b ^ c ^ d;
                    k = 0xCA62C1D6;
                }

                uint temp = Rotl(a, 5) + f + e + k + w[t];
                e = d;
                d = c;
                c = Rotl(b, 30);
                b = a;
                a = temp;
            }

            h0 += a;
            h1 += b;
            h2 += c;
            h3 += d;
            h4 += e;
        }

        var digest = new byte[20];
        Put(digest, 0, h0);
        Put(digest, 4, h1);
        Put(digest, 8, h2);
        Put(digest, 12, h3);
        Put(digest, 16, h4);
        return digest;
    }

    private static uint Rotl(uint x, int n) => (x << n) | (x >> (32 - n));

    private static void Put(byte[] target, int offset, uint value)
    {
        target[offset] = (byte)(value >> 24);
        target[offset + 1] = (byte)(value >> 16);
        target[offset + 2] = (byte)(value >> 8);
        target[offset + 3] = (byte)value;
    }
}
