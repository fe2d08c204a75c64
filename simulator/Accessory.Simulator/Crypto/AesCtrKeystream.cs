using System.Security.Cryptography;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Crypto;

/// <summary>
/// AES-256-CTR built from AES-ECB over successive counter blocks (128-bit big-endian increment). Unused keystream
/// bytes of the last block are kept for the next call, so the stream position carries across messages.
/// </summary>
public sealed class AesCtrKeystream : IAesCtrKeystream, IDisposable
{
    private const int BlockSize = 16;

    private readonly Aes _aes;
    private readonly byte[] _counter = new byte[BlockSize];
    private byte[] _keystream = Array.Empty<byte>();
    private int _used;

    public AesCtrKeystream(byte[] key, byte[] initialCounterBlock)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(initialCounterBlock);
        if (key.Length != 32)
        {
            throw new ArgumentException("AES-256 keys are 32 bytes", nameof(key));
        }

        if (initialCounterBlock.Length != BlockSize)
        {
            throw new ArgumentException("the counter block is 16 bytes", nameof(initialCounterBlock));
        }

        _aes = Aes.Create();
        _aes.Key = key;
        initialCounterBlock.CopyTo(_counter, 0);
    }

    public byte[] Transform(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var output = new byte[data.Length];
        int done = 0;
        while (done < data.Length)
        {
            if (_used == _keystream.Length)
            {
                Refill(data.Length - done);
            }

            int take = Math.Min(data.Length - done, _keystream.Length - _used);
            for (int i = 0; i < take; i++)
            {
                output[done + i] = (byte)(data[done + i] ^ _keystream[_used + i]);
            }

            _used += take;
            done += take;
        }

        return output;
    }

    public void Dispose() => _aes.Dispose();

    private void Refill(int wanted)
    {
        int blocks = Math.Max(1, (wanted + BlockSize - 1) / BlockSize);
        var counters = new byte[blocks * BlockSize];
        for (int b = 0; b < blocks; b++)
        {
            _counter.CopyTo(counters, b * BlockSize);
            Increment();
        }

        _keystream = _aes.EncryptEcb(counters, PaddingMode.None);
        _used = 0;
    }

    private void Increment()
    {
        for (int i = BlockSize - 1; i >= 0; i--)
        {
            if (++_counter[i] != 0)
            {
                return;
            }
        }
    }
}
