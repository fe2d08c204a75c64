namespace Accessory.Core.Wifi;

/// <summary>One access point as the station sees it in a scan or after joining.</summary>
public sealed class WifiAccessPoint
{
    public WifiAccessPoint(byte[] ssid, byte[] bssid, int channel, int rssi, WifiAuthMode auth)
    {
        Ssid = ssid;
        Bssid = bssid;
        Channel = channel;
        Rssi = rssi;
        Auth = auth;
    }

    /// <summary>Raw SSID bytes (0..32, not necessarily UTF-8).</summary>
    public byte[] Ssid { get; }

    public byte[] Bssid { get; }

    public int Channel { get; }

    public int Rssi { get; }

    public WifiAuthMode Auth { get; }
}
