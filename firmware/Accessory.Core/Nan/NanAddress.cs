namespace Accessory.Core.Nan;

/// <summary>6-byte MAC addresses as byte arrays: nanoFramework has no value tuple or generic equality to lean on.</summary>
public static class NanAddress
{
    public const int Length = 6;

    public static byte[] Broadcast => new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };

    public static bool IsValid(byte[]? address) => address != null && address.Length == Length;

    public static bool IsBroadcast(byte[] address)
    {
        for (int i = 0; i < Length; i++)
        {
            if (address[i] != 0xFF)
            {
                return false;
            }
        }

        return true;
    }

    public static bool SameAs(byte[] a, byte[] b)
    {
        for (int i = 0; i < Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Lower-case with colons, as wpa_supplicant prints MACSTR.</summary>
    public static string Format(byte[] address)
    {
        string text = string.Empty;
        for (int i = 0; i < address.Length; i++)
        {
            text += (i == 0 ? string.Empty : ":") + address[i].ToString("x2");
        }

        return text;
    }
}
