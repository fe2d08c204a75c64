using System.Collections;

namespace Accessory.Core.Mdns;

/// <summary>
/// Builds the records a responder owns, from each host's configuration and the current (possibly renamed) names:
/// A/AAAA per host, PTR (type, subtypes, service enumeration), SRV (pointing at the service's own host) and TXT
/// per service, NSEC to deny the rest. Records are built fresh each time, so callers may change TTLs and flags on
/// what they get.
/// </summary>
internal static class MdnsRecordFactory
{
    private static readonly DnsName LocalDomain = DnsName.Parse("local");
    private static readonly DnsName ServicesEnumeration = DnsName.Parse("_services._dns-sd._udp.local");

    public static DnsName UniqueName(MdnsRegistration registration)
    {
        if (registration.OwnerName == null)
        {
            registration.OwnerName = registration.IsHost
                ? DnsName.Child(registration.CurrentName, LocalDomain)
                : DnsName.Child(registration.CurrentName, ServiceTypeName(registration.Service!));
        }

        return registration.OwnerName;
    }

    public static DnsName ServiceTypeName(MdnsService service) => DnsName.Parse(service.ServiceType + ".local");

    public static ArrayList HostRecords(MdnsRegistration host)
    {
        var records = new ArrayList();
        DnsName name = UniqueName(host);
        MdnsHostConfig config = host.HostConfig!;
        for (int i = 0; i < config.AddressCount; i++)
        {
            var record = new DnsAddressRecord(name, config.GetAddress(i), MdnsResponder.HostRecordTtl);
            record.CacheFlush = true;
            records.Add(record);
        }

        return records;
    }

    public static bool HostNsecNeeded(MdnsRegistration host)
    {
        MdnsHostConfig config = host.HostConfig!;
        bool v4 = false;
        bool v6 = false;
        for (int i = 0; i < config.AddressCount; i++)
        {
            v4 |= config.GetAddress(i).Length == 4;
            v6 |= config.GetAddress(i).Length == 16;
        }

        return !(v4 && v6);
    }

    public static DnsNsecRecord HostNsec(MdnsRegistration host)
    {
        MdnsHostConfig config = host.HostConfig!;
        var types = new ArrayList();
        for (int i = 0; i < config.AddressCount; i++)
        {
            int type = config.GetAddress(i).Length == 4 ? DnsRecordType.A : DnsRecordType.Aaaa;
            if (!types.Contains(type))
            {
                types.Add(type);
            }
        }

        var array = new int[types.Count];
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = (int)types[i]!;
        }

        DnsName name = UniqueName(host);
        var record = new DnsNsecRecord(name, name, array, MdnsResponder.HostRecordTtl);
        record.CacheFlush = true;
        return record;
    }

    public static DnsNsecRecord ServiceNsec(MdnsRegistration registration)
    {
        DnsName name = UniqueName(registration);
        var record = new DnsNsecRecord(name, name, new int[] { DnsRecordType.Txt, DnsRecordType.Srv }, MdnsResponder.HostRecordTtl);
        record.CacheFlush = true;
        return record;
    }

    public static ArrayList UniqueRecords(MdnsRegistration registration)
    {
        if (registration.IsHost)
        {
            return HostRecords(registration);
        }

        var records = new ArrayList();
        var srv = new DnsSrvRecord(UniqueName(registration), 0, 0, registration.Service!.Port, UniqueName(registration.Host!), MdnsResponder.HostRecordTtl);
        srv.CacheFlush = true;
        records.Add(srv);
        records.Add(TxtRecord(registration));
        return records;
    }

    public static DnsTxtRecord TxtRecord(MdnsRegistration registration)
    {
        var txt = new DnsTxtRecord(UniqueName(registration), registration.Service!.Txt, MdnsResponder.OtherRecordTtl);
        txt.CacheFlush = true;
        return txt;
    }

    public static ArrayList SharedRecords(MdnsRegistration registration, bool withEnumeration)
    {
        MdnsService service = registration.Service!;
        DnsName type = ServiceTypeName(service);
        DnsName instance = UniqueName(registration);
        var records = new ArrayList();
        records.Add(new DnsPtrRecord(type, instance, MdnsResponder.OtherRecordTtl));
        string[] subtypes = service.Subtypes;
        for (int i = 0; i < subtypes.Length; i++)
        {
            records.Add(new DnsPtrRecord(DnsName.Child(subtypes[i], DnsName.Child("_sub", type)), instance, MdnsResponder.OtherRecordTtl));
        }

        if (withEnumeration)
        {
            records.Add(new DnsPtrRecord(ServicesEnumeration, type, MdnsResponder.OtherRecordTtl));
        }

        return records;
    }

    public static ArrayList ServiceRecords(MdnsRegistration registration, bool withEnumeration)
    {
        ArrayList records = SharedRecords(registration, withEnumeration);
        ArrayList unique = UniqueRecords(registration);
        for (int i = 0; i < unique.Count; i++)
        {
            records.Add(unique[i]);
        }

        return records;
    }
}
