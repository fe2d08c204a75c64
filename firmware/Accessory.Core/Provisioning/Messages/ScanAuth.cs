using Accessory.Core.Wifi;

namespace Accessory.Core.Provisioning.Messages;

/// <summary>Keeps auth modes inside wifi_constants.proto's 0..7: esp_prov crashes on larger values.</summary>
public static class ScanAuth
{
    /// <summary>Unknown newer modes (OWE, WAPI, WPA3-Enterprise) become WPA2/WPA3 so apps still ask for a password.</summary>
    public static WifiAuthMode Clamp(WifiAuthMode auth)
    {
        int value = (int)auth;
        if (value < 0)
        {
            return WifiAuthMode.Open;
        }

        return value > 7 ? WifiAuthMode.Wpa2Wpa3Psk : auth;
    }
}
