namespace Accessory.Core.Settings;

/// <summary>
/// The kinds the well-known keys must hold. An image can pass its checksum and still be wrong (written by other
/// firmware, or edited by hand); such an image is damage like any other and is moved aside, rather than failing
/// later in whichever component first reads the key with the type it expects.
/// </summary>
public static class SettingsSchema
{
    private static readonly string[] Keys =
    {
        SettingKeys.DeviceMac, SettingKeys.DeviceName, SettingKeys.WifiSsid, SettingKeys.WifiPassphrase, SettingKeys.WifiBssid,
        SettingKeys.ProvisioningPop, SettingKeys.TlsCertificate, SettingKeys.TlsPrivateKey, SettingKeys.FlagProvisioned,
        SettingKeys.ApiToken,
    };

    private static readonly SettingKind[] Kinds =
    {
        SettingKind.Bytes, SettingKind.Text, SettingKind.Bytes, SettingKind.Bytes, SettingKind.Bytes,
        SettingKind.Text, SettingKind.Bytes, SettingKind.Bytes, SettingKind.Boolean,
        SettingKind.Text,
    };

    /// <summary>Null when every well-known key holds its kind; else what is wrong, for the log and the reason file.</summary>
    public static string? Problem(DeviceSettings settings)
    {
        int absent = 0;
        for (int k = 0; k < Keys.Length; k++)
        {
            if (!settings.Contains(Keys[k]))
            {
                absent++;
            }
        }

        // The device adds its own keys (MAC, token, certificate) at start; an image that leaves no room would fail then.
        if (settings.Count + absent > SettingsCodec.MaxEntries)
        {
            return "it holds " + settings.Count + " keys, leaving no room for the device's own " + absent + " (limit " + SettingsCodec.MaxEntries + ")";
        }

        for (int i = 0; i < settings.Count; i++)
        {
            var entry = settings[i];
            for (int k = 0; k < Keys.Length; k++)
            {
                if (entry.Key == Keys[k] && entry.Kind != Kinds[k])
                {
                    return "setting '" + entry.Key + "' holds the wrong kind of value (" + (int)entry.Kind + ", expected " + (int)Kinds[k] + ")";
                }
            }

            if (entry.Key == SettingKeys.DeviceMac && entry.Value.Length != 6)
            {
                return "setting '" + SettingKeys.DeviceMac + "' is " + entry.Value.Length + " bytes, a MAC is 6";
            }
        }

        return null;
    }
}
