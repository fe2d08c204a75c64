using System;
using Accessory.Core.Ports;

namespace Accessory.Core.Crypto;

/// <summary>
/// AES-GCM (NIST SP 800-38D) over an ECB block encryptor, with 12-byte nonces, no associated data and 16-byte tags,
/// which is what ESP-IDF's sec2 uses. GHASH is a plain shift-and-xor multiply: slow per byte but provisioning
/// messages are a few hundred bytes. Tags are compared in constant time.
/// </summary>
public sealed class BlockGcmCipher : IAesGcmCipher
{
    public const int NonceLength = 12;
    public const int TagLength = 16;
    private readonly IAesBlockCipher _cipher;
    private readonly ulong _hashKeyHigh;
    private readonly ulong _hashKeyLow;

    public BlockGcmCipher(IAesBlockCipher cipher)
    {
        _cipher = cipher ?? throw new ArgumentNullException(nameof(cipher));
        var h = cipher.EncryptBlocks(new byte[16]);
        _hashKeyHigh = ReadUInt64(h, 0);
        _hashKeyLow = ReadUInt64(h, 8);
    }

    public byte[] Seal(byte[] nonce, byte[] plaintext)
    {
        CheckNonce(nonce);
        if (plaintext == null)
        {
            throw new ArgumentNullException(nameof(plaintext));
        }

        var output = new byte[plaintext.Length + TagLength];
        var ciphertext = Counter(nonce, plaintext);
        Array.Copy(ciphertext, output, ciphertext.Length);
        var tag = Tag(nonce, ciphertext);
        Array.Copy(tag, 0, output, ciphertext.Length, TagLength);
        return output;
    }

    public byte[]? Open(byte[] nonce, byte[] sealedData)
    {
        CheckNonce(nonce);
        if (sealedData == null || sealedData.Length < TagLength)
        {
            return null;
        }

        var ciphertext = new byte[sealedData.Length - TagLength];
        Array.Copy(sealedData, ciphertext, ciphertext.Length);
        var expected = Tag(nonce, ciphertext);
        int difference = 0;
        for (int i = 0; i < TagLength; i++)
        {
            difference |= expected[i] ^ sealedData[ciphertext.Length + i];
        }

        return difference == 0 ? Counter(nonce, ciphertext) : null;
    }

    private static void CheckNonce(byte[] nonce)
    {
        if (nonce == null)
        {
            throw new ArgumentNullException(nameof(nonce));
        }

        if (nonce.Length != NonceLength)
        {
            throw new ArgumentException("GCM nonces are 12 bytes here");
        }
    }

    private static ulong ReadUInt64(byte[] data, int offset)
    {
        ulong value = 0;
        for (int i = 0; i < 8; i++)
        {
            value = (value << 8) | data[offset + i];
        }

        return value;
    }

    private static void WriteUInt64(byte[] data, int offset, ulong value)
    {
        for (int i = 7; i >= 0; i--)
        {
            data[offset + i] = (byte)value;
            value >>= 8;
        }
    }

    // GCTR from inc32(J0), J0 = nonce || 0x00000001.
    private byte[] Counter(byte[] nonce, byte[] data)
    {
        int blocks = (data.Length + 15) / 16;
        var counters = new byte[blocks * 16];
        uint counter = 2;
        for (int b = 0; b < blocks; b++)
        {
            Array.Copy(nonce, 0, counters, b * 16, NonceLength);
            counters[(b * 16) + 12] = (byte)(counter >> 24);
            counters[(b * 16) + 13] = (byte)(counter >> 16);
            counters[(b * 16) + 14] = (byte)(counter >> 8);
            counters[(b * 16) + 15] = (byte)counter;
            counter = unchecked(counter + 1);
        }

        var keystream = blocks == 0 ? new byte[0] : _cipher.EncryptBlocks(counters);
        var output = new byte[data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            output[i] = (byte)(data[i] ^ keystream[i]);
        }

        return output;
    }

    private byte[] Tag(byte[] nonce, byte[] ciphertext)
    {
        ulong high = 0;
        ulong low = 0;
        var block = new byte[16];
        for (int offset = 0; offset < ciphertext.Length; offset += 16)
        {
            int count = ciphertext.Length - offset < 16 ? ciphertext.Length - offset : 16;
            for (int i = 0; i < 16; i++)
            {
                block[i] = i < count ? ciphertext[offset + i] : (byte)0;
            }

            high ^= ReadUInt64(block, 0);
            low ^= ReadUInt64(block, 8);
            Multiply(ref high, ref low);
        }

        // Length block: 64-bit bit length of the (empty) associated data, then of the ciphertext.
        low ^= (ulong)ciphertext.Length * 8;
        Multiply(ref high, ref low);
        var j0 = new byte[16];
        Array.Copy(nonce, j0, NonceLength);
        j0[15] = 1;
        var mask = _cipher.EncryptBlocks(j0);
        var tag = new byte[16];
        WriteUInt64(tag, 0, high);
        WriteUInt64(tag, 8, low);
        for (int i = 0; i < 16; i++)
        {
            tag[i] ^= mask[i];
        }

        return tag;
    }

    // X * H in GF(2^128) with GCM's reflected bit order (SP 800-38D algorithm 1).
    private void Multiply(ref ulong xHigh, ref ulong xLow)
    {
        ulong zHigh = 0;
        ulong zLow = 0;
        ulong vHigh = _hashKeyHigh;
        ulong vLow = _hashKeyLow;
        for (int i = 0; i < 128; i++)
        {
            ulong bit = i < 64 ? (xHigh >> (63 - i)) & 1 : (xLow >> (127 - i)) & 1;
            if (bit != 0)
            {
                zHigh ^= vHigh;
                zLow ^= vLow;
            }

            bool carry = (vLow & 1) != 0;
            vLow = (vLow >> 1) | (vHigh << 63);
            vHigh >>= 1;
            if (carry)
            {
                vHigh ^= 0xe100000000000000;
            }
        }

        xHigh = zHigh;
        xLow = zLow;
    }
}
