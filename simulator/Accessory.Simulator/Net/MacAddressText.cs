using System.Globalization;

namespace Accessory.Simulator.Net;

/// <summary>The aa:bb:cc:dd:ee:ff form of a 6-byte MAC address, as BSSIDs and NAN addresses are written.</summary>
public static class MacAddressText
{
    public const int Length = 6;

    /// <summary>The six bytes, or null unless the text is exactly six colon-separated pairs of hex digits.</summary>
    public static byte[]? TryParse(string? text)
    {
        string[] parts = text?.Split(':') ?? [];
        if (parts.Length != Length)
        {
            return null;
        }

        var address = new byte[Length];
        for (int i = 0; i < Length; i++)
        {
            if (parts[i].Length != 2 || !byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out address[i]))
            {
                return null;
            }
        }

        return address;
    }
}
