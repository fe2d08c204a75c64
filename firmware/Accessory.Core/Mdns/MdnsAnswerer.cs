using System.Collections;

namespace Accessory.Core.Mdns;

/// <summary>
/// Which of a responder's records answer a question (RFC 6762 6, RFC 6763 12): matching records of names that
/// finished probing, NSEC for types a unique name lacks, known-answer suppression and the additional records that
/// save the querier a round trip.
/// </summary>
internal sealed class MdnsAnswerer
{
    private readonly MdnsRecordFactory _records;
    private readonly MdnsRegistration _host;
    private readonly ArrayList _services;

    public MdnsAnswerer(MdnsRecordFactory records, MdnsRegistration host, ArrayList services)
    {
        _records = records;
        _host = host;
        _services = services;
    }

    public static bool Answerable(MdnsRegistration registration) => registration.State >= MdnsRegistrationState.Announcing;

    public void Answer(DnsQuestion question, ArrayList answers)
    {
        if (question.Class != DnsRecordType.ClassIn && question.Class != DnsRecordType.ClassAny)
        {
            return;
        }

        if (Answerable(_host) && question.Name.SameAs(MdnsRecordFactory.UniqueName(_host)))
        {
            int before = answers.Count;
            AddMatching(answers, _records.HostRecords(), question.Type);
            if (answers.Count == before && question.Type != DnsRecordType.Any)
            {
                MdnsRecordLists.AddDistinct(answers, _records.HostNsec());
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
                AddMatching(answers, _records.UniqueRecords(registration), question.Type);
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
        bool wantHost = false;
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
                        MdnsRecordLists.AddAll(additionals, _records.UniqueRecords(registration));
                        wantHost = true;
                    }
                }
            }
            else if (answer.Type == DnsRecordType.Srv)
            {
                wantHost = true;
            }
        }

        if (wantHost && Answerable(_host))
        {
            MdnsRecordLists.AddAll(additionals, _records.HostRecords());
            if (_records.HostNsecNeeded())
            {
                additionals.Add(_records.HostNsec());
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
}
