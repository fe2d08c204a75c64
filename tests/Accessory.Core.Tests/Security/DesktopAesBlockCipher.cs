using System.Security.Cryptography;
using Accessory.Core.Ports;

namespace Accessory.Core.Tests.Security;

/// <summary>
/// The desktop stand-in for the board's AES-ECB (nanoFramework's Aes in ECB mode): .NET's AES-ECB without
/// padding, so the managed CTR/GCM code the firmware runs is tested here on the same source files.
/// </summary>
internal sealed class DesktopAesBlockCipher : IAesBlockCipher, IAesBlockCipherFactory
{
    private readonly Aes? _aes;

    public DesktopAesBlockCipher()
    {
    }

    private DesktopAesBlockCipher(byte[] key)
    {
        _aes = Aes.Create();
        _aes.Key = key;
    }

    public int Calls { get; private set; }

    public IAesBlockCipher Create(byte[] key) => new DesktopAesBlockCipher(key);

    public byte[] EncryptBlocks(byte[] blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Length % 16 != 0)
        {
            throw new ArgumentException("AES-ECB works on whole 16-byte blocks", nameof(blocks));
        }

        Calls++;
        return _aes!.EncryptEcb(blocks, PaddingMode.None);
    }
}
