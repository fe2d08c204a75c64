using Accessory.Core.Wifi;

namespace Accessory.Core.Tests.Fakes;

/// <summary>An access point the <see cref="FakeWifiRadio"/> can see and join.</summary>
public sealed class FakeNetwork
{
    public FakeNetwork(WifiAccessPoint accessPoint, string password, string ip4Address = "192.168.1.50")
    {
        AccessPoint = accessPoint;
        Password = password;
        Ip4Address = ip4Address;
    }

    public WifiAccessPoint AccessPoint { get; }

    public string Password { get; }

    public string Ip4Address { get; }

    public static FakeNetwork Create(string ssid, string password, int rssi = -50, int channel = 6, WifiAuthMode auth = WifiAuthMode.Wpa2Psk, byte lastBssidByte = 1)
    {
        var ap = new WifiAccessPoint(System.Text.Encoding.UTF8.GetBytes(ssid), new byte[] { 0x24, 0x0A, 0xC4, 0x00, 0x00, lastBssidByte }, channel, rssi, auth);
        return new FakeNetwork(ap, password);
    }
}
