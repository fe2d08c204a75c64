using System.Collections;

namespace Accessory.Core.Mdns;

/// <summary>
/// The simultaneous-probe tiebreak of RFC 6762 8.2: each side's proposed records are sorted by class, type and
/// RDATA, then compared pairwise; the first difference decides, and a list that runs out first is the lesser.
/// </summary>
internal static class MdnsTiebreak
{
    /// <summary>Negative when <paramref name="ours"/> loses, positive when it wins, 0 when the data is identical.</summary>
    public static int Compare(ArrayList ours, ArrayList theirs)
    {
        DnsRecord[] a = Sorted(ours);
        DnsRecord[] b = Sorted(theirs);
        int n = a.Length < b.Length ? a.Length : b.Length;
        for (int i = 0; i < n; i++)
        {
            int order = CompareRecords(a[i], b[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return a.Length == b.Length ? 0 : (a.Length < b.Length ? -1 : 1);
    }

    private static int CompareRecords(DnsRecord a, DnsRecord b)
    {
        if (a.Class != b.Class)
        {
            return a.Class < b.Class ? -1 : 1;
        }

        if (a.Type != b.Type)
        {
            return a.Type < b.Type ? -1 : 1;
        }

        return DnsBytes.CompareRdata(a.CanonicalRdata(), b.CanonicalRdata());
    }

    private static DnsRecord[] Sorted(ArrayList records)
    {
        var array = new DnsRecord[records.Count];
        for (int i = 0; i < array.Length; i++)
        {
            var record = (DnsRecord)records[i]!;
            int j = i - 1;
            while (j >= 0 && CompareRecords(array[j], record) > 0)
            {
                array[j + 1] = array[j];
                j--;
            }

            array[j + 1] = record;
        }

        return array;
    }
}
