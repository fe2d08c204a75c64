using System;
using Accessory.Core.Ports;

namespace Accessory.Core.Crypto;

/// <summary>
/// AES-CTR over an ECB block encryptor: the counter blocks for a whole message are encrypted in one ECB call
/// (one native call on the board), and the stream position carries over between calls as sec1 requires.
/// The 128-bit counter block increments as a whole, big-endian, like mbedTLS's mbedtls_aes_crypt_ctr.
/// </summary>
public sealed class BlockCtrKeystream : IAesCtrKeystream
{
    private const int BlockSize = 16;
    private readonly IAesBlockCipher _cipher;
    private readonly byte[] _counter = new byte[BlockSize];
    private byte[] _keystream = new byte[0];
    private int _used;

    public BlockCtrKeystream(IAesBlockCipher cipher, byte[] initialCounterBlock)
    {
        if (cipher == null || initialCounterBlock == null)
        {
            throw new ArgumentNullException(cipher == null ? nameof(cipher) : nameof(initialCounterBlock));
        }

        if (initialCounterBlock.Length != BlockSize)
        {
            throw new ArgumentException("the counter block is 16 bytes");
        }

        _cipher = cipher;
        Array.Copy(initialCounterBlock, _counter, BlockSize);
    }

    public byte[] Transform(byte[] data)
    {
        if (data == null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        var output = new byte[data.Length];
        int done = 0;
        while (done < data.Length)
        {
            if (_used == _keystream.Length)
            {
                Refill(data.Length - done);
            }

            int take = data.Length - done;
            if (take > _keystream.Length - _used)
            {
                take = _keystream.Length - _used;
            }

            for (int i = 0; i < take; i++)
            {
                output[done + i] = (byte)(data[done + i] ^ _keystream[_used + i]);
            }

            _used += take;
            done += take;
        }

        return output;
    }

    private void Refill(int wanted)
    {
        int blocks = (wanted + BlockSize - 1) / BlockSize;
        if (blocks < 1)
        {
            blocks = 1;
        }

        var counters = new byte[blocks * BlockSize];
        for (int b = 0; b < blocks; b++)
        {
            Array.Copy(_counter, 0, counters, b * BlockSize, BlockSize);
            for (int i = BlockSize - 1; i >= 0; i--)
            {
                if (++_counter[i] != 0)
                {
                    break;
                }
            }
        }

        _keystream = _cipher.EncryptBlocks(counters);
        _used = 0;
    }
}
