using System.Collections;

namespace Accessory.Core.Mdns;

/// <summary>
/// Which of a responder's records answer a question (RFC 6762 6, RFC 6763 12): matching records of names that
/// finished probing, NSEC for types a unique name lacks, known-answer suppression and the additional records that
/// save the querier a round trip. A responder may speak for several hosts, each service pointing at one of them.
/// </summary>
internal sealed class MdnsAnswerer
{
    private static readonly byte[] SubtypeLabel = { (byte)'_', (byte)'s', (byte)'u', (byte)'b' };

    private readonly MdnsNameIndex _names;
    private readonly ArrayList _services;
    private readonly ArrayList _found = new ArrayList();

    public MdnsAnswerer(MdnsNameIndex names, ArrayList services)
    {
        _names = names;
        _services = services;
    }

    public static bool Answerable(MdnsRegistration registration) => registration.State >= MdnsRegistrationState.Announcing;

    public void Answer(DnsQuestion question, ArrayList answers)
    {
        if (question.Class != DnsRecordType.ClassIn && question.Class != DnsRecordType.ClassAny)
        {
            return;
        }

        // Host names first, then service instances, as before the index (the order answers are listed in).
        _found.Clear();
        _names.Find(question.Name, _found);
        for (int pass = 0; pass < 2; pass++)
        {
            for (int k = 0; k < _found.Count; k++)
            {
                var registration = (MdnsRegistration)_found[k]!;
                if (registration.IsHost != (pass == 0) || !Answerable(registration))
                {
                    continue;
                }

                int before = answers.Count;
                AddMatching(answers, registration.IsHost ? MdnsRecordFactory.HostRecords(registration) : MdnsRecordFactory.UniqueRecords(registration), question.Type);
                if (answers.Count == before && question.Type != DnsRecordType.Any)
                {
                    MdnsRecordLists.AddDistinct(answers, registration.IsHost ? MdnsRecordFactory.HostNsec(registration) : MdnsRecordFactory.ServiceNsec(registration));
                }
            }
        }

        // Shared (PTR) records: a walk over the services, but only for a name a PTR can have (a probe's ANY question
        // for one of our unique names would otherwise build every service's PTRs).
        if ((question.Type != DnsRecordType.Ptr && question.Type != DnsRecordType.Any) || !MayOwnPointers(question.Name))
        {
            return;
        }

        for (int k = 0; k < _services.Count; k++)
        {
            var registration = (MdnsRegistration)_services[k]!;
            if (!Answerable(registration) || question.Name.SameAs(MdnsRecordFactory.UniqueName(registration)))
            {
                continue;
            }

            ArrayList pointers = MdnsRecordFactory.SharedRecords(registration, true);
            for (int i = 0; i < pointers.Count; i++)
            {
                var record = (DnsRecord)pointers[i]!;
                if (record.Name.SameAs(question.Name))
                {
                    MdnsRecordLists.AddDistinct(answers, record);
                }
            }
        }
    }

    // The names our PTR records have: a service type (_name._tcp.local), a subtype (x._sub._name._tcp.local) and
    // the service enumeration name (_services._dns-sd._udp.local). Types must start with '_' (MdnsService checks).
    private static bool MayOwnPointers(DnsName name)
    {
        if (name.LabelCount == 0)
        {
            return false;
        }

        byte[] first = name.RawLabel(0);
        return (first.Length > 0 && first[0] == (byte)'_') || (name.LabelCount > 1 && DnsName.LabelEquals(name.RawLabel(1), SubtypeLabel));
    }

    public static void AddMatching(ArrayList answers, ArrayList records, int type)
    {
        for (int i = 0; i < records.Count; i++)
        {
            var record = (DnsRecord)records[i]!;
            if (type == DnsRecordType.Any || record.Type == type)
            {
                MdnsRecordLists.AddDistinct(answers, record);
            }
        }
    }

    public static void SuppressKnownAnswers(ArrayList answers, ArrayList known)
    {
        for (int i = answers.Count - 1; i >= 0; i--)
        {
            var ours = (DnsRecord)answers[i]!;
            for (int k = 0; k < known.Count; k++)
            {
                var theirs = (DnsRecord)known[k]!;
                if (theirs.Ttl >= ours.Ttl / 2 && ours.SameData(theirs))
                {
                    answers.RemoveAt(i);
                    break;
                }
            }
        }
    }

    public ArrayList Additionals(ArrayList answers)
    {
        var additionals = new ArrayList();
        var wantedHosts = new ArrayList();
        for (int i = 0; i < answers.Count; i++)
        {
            var answer = (DnsRecord)answers[i]!;
            if (answer is DnsPtrRecord pointer)
            {
                _found.Clear();
                _names.Find(pointer.Target, _found);
                for (int k = 0; k < _found.Count; k++)
                {
                    var registration = (MdnsRegistration)_found[k]!;
                    if (!registration.IsHost && Answerable(registration))
                    {
                        MdnsRecordLists.AddAll(additionals, MdnsRecordFactory.UniqueRecords(registration));
                        Want(wantedHosts, registration.Host!);
                    }
                }
            }
            else if (answer is DnsSrvRecord srv)
            {
                _found.Clear();
                _names.Find(srv.Target, _found);
                for (int h = 0; h < _found.Count; h++)
                {
                    var host = (MdnsRegistration)_found[h]!;
                    if (host.IsHost)
                    {
                        Want(wantedHosts, host);
                    }
                }
            }
        }

        for (int h = 0; h < wantedHosts.Count; h++)
        {
            var host = (MdnsRegistration)wantedHosts[h]!;
            if (Answerable(host))
            {
                MdnsRecordLists.AddAll(additionals, MdnsRecordFactory.HostRecords(host));
                if (MdnsRecordFactory.HostNsecNeeded(host))
                {
                    additionals.Add(MdnsRecordFactory.HostNsec(host));
                }
            }
        }

        for (int i = additionals.Count - 1; i >= 0; i--)
        {
            if (MdnsRecordLists.Contains(answers, (DnsRecord)additionals[i]!))
            {
                additionals.RemoveAt(i);
            }
        }

        return additionals;
    }

    private static void Want(ArrayList hosts, MdnsRegistration host)
    {
        if (!hosts.Contains(host))
        {
            hosts.Add(host);
        }
    }
}
