using System.Collections;

namespace Accessory.Core.Mdns;

/// <summary>
/// Which of a responder's records answer a question (RFC 6762 6, RFC 6763 12): matching records of names that
/// finished probing, NSEC for types a unique name lacks, known-answer suppression and the additional records that
/// save the querier a round trip. A responder may speak for several hosts, each service pointing at one of them.
/// </summary>
internal sealed class MdnsAnswerer
{
    private readonly ArrayList _hosts;
    private readonly ArrayList _services;

    public MdnsAnswerer(ArrayList hosts, ArrayList services)
    {
        _hosts = hosts;
        _services = services;
    }

    public static bool Answerable(MdnsRegistration registration) => registration.State >= MdnsRegistrationState.Announcing;

    public void Answer(DnsQuestion question, ArrayList answers)
    {
        if (question.Class != DnsRecordType.ClassIn && question.Class != DnsRecordType.ClassAny)
        {
            return;
        }

        for (int h = 0; h < _hosts.Count; h++)
        {
            var host = (MdnsRegistration)_hosts[h]!;
            if (Answerable(host) && question.Name.SameAs(MdnsRecordFactory.UniqueName(host)))
            {
                int before = answers.Count;
                AddMatching(answers, MdnsRecordFactory.HostRecords(host), question.Type);
                if (answers.Count == before && question.Type != DnsRecordType.Any)
                {
                    MdnsRecordLists.AddDistinct(answers, MdnsRecordFactory.HostNsec(host));
                }
            }
        }

        for (int k = 0; k < _services.Count; k++)
        {
            var registration = (MdnsRegistration)_services[k]!;
            if (!Answerable(registration))
            {
                continue;
            }

            if (question.Name.SameAs(MdnsRecordFactory.UniqueName(registration)))
            {
                int before = answers.Count;
                AddMatching(answers, MdnsRecordFactory.UniqueRecords(registration), question.Type);
                if (answers.Count == before && question.Type != DnsRecordType.Any)
                {
                    MdnsRecordLists.AddDistinct(answers, MdnsRecordFactory.ServiceNsec(registration));
                }

                continue;
            }

            if (question.Type != DnsRecordType.Ptr && question.Type != DnsRecordType.Any)
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
                for (int k = 0; k < _services.Count; k++)
                {
                    var registration = (MdnsRegistration)_services[k]!;
                    if (Answerable(registration) && pointer.Target.SameAs(MdnsRecordFactory.UniqueName(registration)))
                    {
                        MdnsRecordLists.AddAll(additionals, MdnsRecordFactory.UniqueRecords(registration));
                        Want(wantedHosts, registration.Host!);
                    }
                }
            }
            else if (answer is DnsSrvRecord srv)
            {
                for (int h = 0; h < _hosts.Count; h++)
                {
                    var host = (MdnsRegistration)_hosts[h]!;
                    if (srv.Target.SameAs(MdnsRecordFactory.UniqueName(host)))
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
