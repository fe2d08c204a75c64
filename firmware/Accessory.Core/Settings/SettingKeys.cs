namespace Accessory.Core.Settings;

/// <summary>Well-known keys. Keys are ASCII, at most <see cref="SettingsCodec.MaxKeyLength"/> bytes.</summary>
public static class SettingKeys
{
    /// <summary>The 6-byte station MAC the identity is derived from (burned into eFuse on an ESP32).</summary>
    public const string DeviceMac = "device.mac";

    /// <summary>Human-friendly device name, e.g. PROV_A1B2C3.</summary>
    public const string DeviceName = "device.name";

    /// <summary>SSID as raw bytes: SSIDs need not be UTF-8.</summary>
    public const string WifiSsid = "wifi.ssid";

    public const string WifiPassphrase = "wifi.passphrase";

    public const string WifiBssid = "wifi.bssid";

    public const string ProvisioningPop = "prov.pop";

    public const string TlsCertificate = "tls.cert";

    public const string TlsPrivateKey = "tls.key";

    public const string FlagProvisioned = "flag.provisioned";

    /// <summary>The local API / BLE control access token handed to a paired phone (see AccessToken).</summary>
    public const string ApiToken = "api.token";

    /// <summary>True for keys whose values must never be printed or logged.</summary>
    public static bool IsSecret(string key)
    {
        return key == WifiPassphrase || key == ProvisioningPop || key == TlsPrivateKey || key == ApiToken || EndsWithSecretSuffix(key);
    }

    private static bool EndsWithSecretSuffix(string key)
    {
        const string Suffix = ".secret";
        return key.Length > Suffix.Length && key.Substring(key.Length - Suffix.Length) == Suffix;
    }
}
