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

    /// <summary>
    /// The host label a device advertises: its name lower-cased, with every character that is not an ASCII letter
    /// or digit turned into '-' (underscores are not valid in host names), trimmed of '-' and cut to 63 bytes:
    /// PROV_A1B2C3 -> prov-a1b2c3. Firmware and simulator derive the same name.
    /// </summary>
    public static string HostLabelFor(string deviceName)
    {
        var chars = new char[deviceName.Length];
        int length = 0;
        for (int i = 0; i < deviceName.Length; i++)
        {
            char c = deviceName[i];
            if (c >= 'A' && c <= 'Z')
            {
                c = (char)(c + ('a' - 'A'));
            }

            bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            chars[length++] = keep ? c : '-';
        }

        int start = 0;
        while (start < length && chars[start] == '-')
        {
            start++;
        }

        int end = length;
        while (end > start && chars[end - 1] == '-')
        {
            end--;
        }

        if (end == start)
        {
            return "accessory";
        }

        return new string(chars, start, end - start > 63 ? 63 : end - start);
    }

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
