namespace Accessory.Core.Wifi;

/// <summary>Authentication modes with ESP-IDF's wifi_constants.proto numbers (values above 7 break esp_prov).</summary>
public enum WifiAuthMode
{
    Open = 0,
    Wep = 1,
    WpaPsk = 2,
    Wpa2Psk = 3,
    WpaWpa2Psk = 4,
    Wpa2Enterprise = 5,
    Wpa3Psk = 6,
    Wpa2Wpa3Psk = 7,
}
