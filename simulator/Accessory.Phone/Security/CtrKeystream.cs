using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace Accessory.Phone.Security;

/// <summary>The client's AES-256-CTR stream (BouncyCastle's AES block function, counter kept across calls).</summary>
public sealed class CtrKeystream
{
    private readonly AesEngine _aes = new();
    private readonly byte[] _counter;
    private readonly byte[] _block = new byte[16];
    private int _used = 16;

    public CtrKeystream(byte[] key, byte[] counter)
    {
        _aes.Init(true, new KeyParameter(key));
        _counter = (byte[])counter.Clone();
    }

    public byte[] Apply(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var output = new byte[data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            if (_used == 16)
            {
                _aes.ProcessBlock(_counter, 0, _block, 0);
                for (int j = 15; j >= 0 && ++_counter[j] == 0; j--)
                {
                }

                _used = 0;
            }

            output[i] = (byte)(data[i] ^ _block[_used++]);
        }

        return output;
    }
}
