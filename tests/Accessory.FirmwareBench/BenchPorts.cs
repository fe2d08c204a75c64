using System.Security.Cryptography;
using Accessory.Core.Ports;
using Accessory.Core.Wifi;

namespace Accessory.FirmwareBench;

/// <summary>A radio that finds one network and joins it at once, so only the core's own work is measured.</summary>
internal sealed class InstantRadio : IWifiRadio
{
    private static readonly WifiAccessPoint Home = new("HomeNet"u8.ToArray(), new byte[] { 2, 0, 0, 0, 0, 0x42 }, 6, -40, WifiAuthMode.Wpa2Psk);

    public event WifiLinkLost? LinkLost;

    public void StartScan(WifiScanCompleted completed) => completed(new[] { Home });

    public void Connect(byte[] ssid, byte[] passphrase, byte[] bssid, WifiConnectCompleted completed) =>
        completed(WifiConnectResult.Success(Home, "192.168.1.50"));

    public void Disconnect() => LinkLost?.Invoke("disconnected");
}

/// <summary>The settings image in memory.</summary>
internal sealed class MemoryStore : ISettingsStore
{
    private byte[]? _image;

    public byte[]? Read() => _image;

    public void Write(byte[] image) => _image = image.ToArray();

    public string MoveAside(string reason) => "memory";
}

/// <summary>The desktop stand-in for the board's AES-ECB (nanoFramework's Aes in ECB mode).</summary>
internal sealed class EcbFactory : IAesBlockCipherFactory
{
    public IAesBlockCipher Create(byte[] key) => new Ecb(key);

    private sealed class Ecb : IAesBlockCipher
    {
        private readonly Aes _aes;

        public Ecb(byte[] key)
        {
            _aes = Aes.Create();
            _aes.Key = key;
        }

        public byte[] EncryptBlocks(byte[] blocks) => _aes.EncryptEcb(blocks, PaddingMode.None);
    }
}

/// <summary>Discards what the mDNS responder sends.</summary>
internal sealed class NullDatagrams : IDatagramTransport
{
    public event DatagramReceived? Received;

    public void SendMulticast(byte[] data, bool ipv6)
    {
    }

    public void SendUnicast(byte[] data, DatagramEndpoint destination) => Received?.Invoke(data, destination);
}
