using System.Globalization;

namespace Accessory.Phone.Ble;

/// <summary>UUIDs as the link carries them (16 bytes in written order) and as people type them.</summary>
public static class UuidText
{
    private const string BaseSuffix = "-0000-1000-8000-00805f9b34fb";

    public static string Format(ReadOnlySpan<byte> bytes)
    {
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    /// <summary>A 128-bit UUID, or a 16-bit SIG one written as 4 hex digits ("2901"); lower case; null when neither.</summary>
    public static string? Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 4 && int.TryParse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _))
        {
            return "0000" + text.ToLowerInvariant() + BaseSuffix;
        }

        return Guid.TryParseExact(text, "D", out _) ? text.ToLowerInvariant() : null;
    }

    public static string FromShort(int value) => "0000" + value.ToString("x4", CultureInfo.InvariantCulture) + BaseSuffix;
}
