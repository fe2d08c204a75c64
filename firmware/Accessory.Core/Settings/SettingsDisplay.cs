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
                return "0x" + Hex.Encode(entry.Value) + " (" + entry.Value.Length + " bytes)";
        }
    }
}
