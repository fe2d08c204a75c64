using Accessory.Core.Text;

namespace Accessory.Core.Settings;

/// <summary>Renders settings for people (CLI, logs) with every secret redacted.</summary>
public static class SettingsDisplay
{
    public const string Redacted = "<redacted>";

    public static string Format(SettingEntry entry)
    {
        if (SettingKeys.IsSecret(entry.Key))
        {
            return Redacted;
        }

        switch (entry.Kind)
        {
            case SettingKind.Text:
                return "\"" + Utf8.Decode(entry.Value) + "\"";
            case SettingKind.Number:
                var v = entry.Value;
                return (v[0] | (v[1] << 8) | (v[2] << 16) | (v[3] << 24)).ToString();
            case SettingKind.Boolean:
                return entry.Value[0] != 0 ? "true" : "false";
            default:
                if (entry.Key == SettingKeys.WifiSsid)
                {
                    return Ssid(entry.Value);
                }

                return "0x" + Hex.Encode(entry.Value) + " (" + entry.Value.Length + " bytes)";
        }
    }

    /// <summary>
    /// An SSID is bytes on the air but almost always text: shown quoted when it is printable UTF-8, else as hex
    /// marked as such, so a name with control characters or invalid UTF-8 is never mangled or mistaken for text.
    /// </summary>
    public static string Ssid(byte[] ssid)
    {
        bool printable = Utf8.IsValid(ssid);
        for (int i = 0; printable && i < ssid.Length; i++)
        {
            printable = ssid[i] >= 0x20 && ssid[i] != 0x7F;
        }

        return printable
            ? "\"" + Utf8.Decode(ssid) + "\""
            : "0x" + Hex.Encode(ssid) + " (" + ssid.Length + " bytes, not printable UTF-8)";
    }
}
