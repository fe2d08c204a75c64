using System.Collections;

namespace Accessory.Core.Mdns;

/// <summary>ArrayList helpers for record lists (no generics in the core, so no LINQ either).</summary>
internal static class MdnsRecordLists
{
    public static void AddAll(ArrayList into, ArrayList from)
    {
        for (int i = 0; i < from.Count; i++)
        {
            into.Add(from[i]);
        }
    }

    public static void AddDistinct(ArrayList into, DnsRecord record)
    {
        if (!Contains(into, record))
        {
            into.Add(record);
        }
    }

    public static bool Contains(ArrayList records, DnsRecord record)
    {
        for (int i = 0; i < records.Count; i++)
        {
            if (((DnsRecord)records[i]!).SameData(record))
            {
                return true;
            }
        }

        return false;
    }
}
