using Accessory.Core.Wifi;

namespace Accessory.Core.Ports;

/// <summary>Called once when a scan ends, with what the station's radio could see.</summary>
public delegate void WifiScanCompleted(WifiAccessPoint[] accessPoints);

/// <summary>Called once when a join attempt ends.</summary>
public delegate void WifiConnectCompleted(WifiConnectResult result);

/// <summary>Called when an established link drops (AP lost, deauthenticated).</summary>
public delegate void WifiLinkLost(string reason);

/// <summary>
/// The station side of the Wi-Fi radio (ESP32's esp_wifi; the simulator's virtual radio environment).
/// Callbacks arrive on the body's thread, never synchronously inside the call that started the work.
/// </summary>
public interface IWifiRadio
{
    event WifiLinkLost LinkLost;

    void StartScan(WifiScanCompleted completed);

    /// <summary>Joins <paramref name="ssid"/>; <paramref name="bssid"/> may be empty to accept any AP of that name.</summary>
    void Connect(byte[] ssid, byte[] passphrase, byte[] bssid, WifiConnectCompleted completed);

    void Disconnect();
}
