using Accessory.Core.Text;

namespace Accessory.Core.Mdns;

/// <summary>
/// New names after a conflict: "Name (2)" for instances (RFC 6763 appendix D style), "name-2" for hosts. The base
/// is shortened (whole characters) when the suffix would push the label past 63 bytes.
/// </summary>
public static class MdnsNaming
{
    public static string InstanceName(string baseName, int attempt) => WithSuffix(baseName, " (" + attempt + ")");

    public static string HostName(string baseName, int attempt) => WithSuffix(baseName, "-" + attempt);

    private static string WithSuffix(string baseName, string suffix)
    {
        int room = DnsName.MaxLabelLength - suffix.Length;
        string trimmed = baseName;
        while (trimmed.Length > 0 && Utf8.Encode(trimmed).Length > room)
        {
            int cut = trimmed.Length - 1;

            // Never split a surrogate pair: it would leave half a character.
            if (cut > 0 && trimmed[cut] >= 0xDC00 && trimmed[cut] <= 0xDFFF)
            {
                cut--;
            }

            trimmed = trimmed.Substring(0, cut);
        }

        return trimmed + suffix;
    }
}
