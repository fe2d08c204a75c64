namespace Accessory.Core.Mdns;

/// <summary>Byte comparisons shared by the codec and the responder.</summary>
public static class DnsBytes
{
    /// <summary>Unsigned lexicographic order, a shorter prefix first (the order RFC 6762 8.2 uses for tiebreaks).</summary>
    public static int CompareRdata(byte[] a, byte[] b)
    {
        int n = a.Length < b.Length ? a.Length : b.Length;
        for (int i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return a[i] < b[i] ? -1 : 1;
            }
        }

        return a.Length == b.Length ? 0 : (a.Length < b.Length ? -1 : 1);
    }
}
