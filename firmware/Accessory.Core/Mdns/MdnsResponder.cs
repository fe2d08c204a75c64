using System;
using System.Collections;
using Accessory.Core.Ports;

namespace Accessory.Core.Mdns;

/// <summary>
/// A Multicast DNS responder (RFC 6762) advertising a host and its DNS-SD services (RFC 6763); with
/// <see cref="AddHost"/> and <see cref="AddService(MdnsService, string)"/> one responder on one interface speaks for
/// many hosts, each with its own services (a fleet of simulated accessories). It probes each unique name before
/// using it, renames on conflict, announces, answers queries (multicast, unicast for QU questions and legacy
/// resolvers, with known-answer suppression; answers too big for one packet are split) and says goodbye on
/// withdrawal (paced: a bounded batch of goodbye packets per clock tick). All state changes happen under one lock, from the transport's receive thread and the clock's timer
/// thread; events are raised under that lock too, so handlers must return quickly (they may call back into the
/// responder on the same thread). Repeated plain legacy queries are answered from pre-encoded packets.
/// Not done: a cache of other hosts' records (a pure responder needs none).
/// </summary>
public sealed class MdnsResponder
{
    public const int MdnsPort = 5353;

    /// <summary>TTL of records naming a host (A, AAAA, SRV; RFC 6762 10).</summary>
    public const uint HostRecordTtl = 120;

    /// <summary>TTL of the other records (PTR, TXT).</summary>
    public const uint OtherRecordTtl = 4500;

    private const string Component = "mdns";
    private const int ProbeInterval = 250;
    private const int ProbeCount = 3;
    private const int AnnounceInterval = 1000;
    private const int AnnounceCount = 2;
    private const int LostTiebreakDelay = 1000;
    private const uint LegacyTtlCap = 10;
    private const int MulticastRateLimit = 1000;
    private const int ProbeDefenseRateLimit = 250;
    private const int MaxPendingQueries = 16;

    // How long after a TXT change our old TXT, heard again, is taken for our own late echo: as long as any cache may
    // hold it. A 10 s window still let a 1,000-device fleet rename itself over a copy heard ~20 s after the change on
    // a loaded host; only this responder ever announced that exact record under that name, so it is not a claim.
    private const int OwnEchoWindow = (int)OtherRecordTtl * 1000;
    private const int ConflictBurst = 15;
    private const int ConflictWindow = 10_000;
    private const int ConflictBackoffDelay = 5000;

    // An Ethernet MTU less IPv4 and UDP headers: bigger answers go out as several packets (RFC 6762 17).
    private const int MaxPacket = 1472;
    private const int HeaderLength = 12;

    // A many-packet answer (a fleet's browse answer) goes out a few packets at a time, so a querier's socket buffer
    // is not overrun by hundreds of datagrams at once (its tail would be lost at every retry alike).
    private const int PacketsPerBurst = 8;
    private const int BurstInterval = 10;

    // Goodbyes go out at most this many packets per tick (800 a second, per family): a fleet withdrawn at once in
    // one burst overflowed a phone's socket buffer. A single accessory's goodbyes fit in the first batch.
    private const int GoodbyePacketsPerTick = 8;
    private const int GoodbyeTick = 10;

    private readonly object _gate = new object();
    private readonly IDatagramTransport _transport;
    private readonly IClock _clock;
    private readonly IRandom _random;
    private readonly ILog _log;
    private readonly MdnsHostConfig _config;
    private readonly MdnsRegistration _host;
    private readonly MdnsAnswerer _answerer;
    private readonly ArrayList _hosts = new ArrayList();
    private readonly ArrayList _services = new ArrayList();
    private readonly MdnsNameIndex _names = new MdnsNameIndex();

    // Scratch list for name look-ups (used under the lock only).
    private readonly ArrayList _found = new ArrayList();
    private int _registrationsExamined;
    private readonly ArrayList _pending = new ArrayList();
    private readonly MdnsLegacyAnswerCache _legacyAnswers = new MdnsLegacyAnswerCache();
    private readonly MdnsGoodbyeQueue _goodbyes = new MdnsGoodbyeQueue();
    private bool _goodbyeTicking;
    private bool _running;
    private int _malformed;

    // Bumped by Stop: held queries and delayed answers from before a restart are dropped.
    private int _epoch;

    // Bumped when a host or service is withdrawn: a multicast answer still waiting (the shared-answer delay) or
    // still going out packet by packet was built before, and its remaining packets would bring withdrawn records
    // back to life on every cache right after their goodbye. Such an answer is dropped; queriers retry.
    private int _withdrawals;

    // Bumped when a TXT record changes. Nothing was withdrawn (RFC 6762 8.4: the new record is simply announced
    // again), so the rest of such an answer still goes out, less the TXT records that are no longer current: after
    // the announcement they would put the old TXT back on every cache. (Dropping the whole answer, as for a
    // withdrawal, cut a fleet's many-packet browse answer short at every device's state change.)
    private int _txtChanges;

    public MdnsResponder(IDatagramTransport transport, IClock clock, IRandom random, ILog log, MdnsHostConfig config)
    {
        _transport = transport;
        _clock = clock;
        _random = random;
        _log = log;
        _config = config;
        _host = MdnsRegistration.ForHost(config);
        _hosts.Add(_host);
        _names.Add(_host);
        _answerer = new MdnsAnswerer(_names, _services);
    }

    /// <summary>Raised when a name has been probed without conflict and is about to be announced.</summary>
    public event MdnsNameHandler? ProbingCompleted;

    /// <summary>Raised when another host claims one of our names with different data.</summary>
    public event MdnsNameHandler? ConflictDetected;

    /// <summary>Raised when a conflict while probing made us pick a new name.</summary>
    public event MdnsRenamedHandler? Renamed;

    /// <summary>The advertised host name, with .local (may differ from the configured one after a conflict).</summary>
    public string HostName
    {
        get
        {
            lock (_gate)
            {
                return _host.CurrentName + ".local";
            }
        }
    }

    /// <summary>How many host names this responder speaks for (the configured one and those added).</summary>
    public int HostCount
    {
        get
        {
            lock (_gate)
            {
                return _hosts.Count;
            }
        }
    }

    /// <summary>How many services it advertises.</summary>
    public int ServiceCount
    {
        get
        {
            lock (_gate)
            {
                return _services.Count;
            }
        }
    }

    /// <summary>Datagrams that did not parse as DNS messages (ignored).</summary>
    public int MalformedPacketCount
    {
        get
        {
            lock (_gate)
            {
                return _malformed;
            }
        }
    }

    /// <summary>
    /// Goodbye packets queued and not sent yet (they go out a bounded batch per tick, also after <see cref="Stop"/>):
    /// keep the transport open until this is 0.
    /// </summary>
    public int PendingGoodbyes
    {
        get
        {
            lock (_gate)
            {
                return _goodbyes.Count;
            }
        }
    }

    /// <summary>
    /// How many of our registrations were checked against records heard (conflicts, simultaneous probes) so far: a
    /// cost counter. Each record heard is checked against the registrations of its own name only, so this grows with
    /// the records heard, not with how many names the responder speaks for.
    /// </summary>
    public int RegistrationsExamined
    {
        get
        {
            lock (_gate)
            {
                return _registrationsExamined;
            }
        }
    }

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>True when the host and every service have finished probing.</summary>
    public bool IsEstablished
    {
        get
        {
            lock (_gate)
            {
                for (int i = 0; i < _hosts.Count; i++)
                {
                    if (((MdnsRegistration)_hosts[i]!).State < MdnsRegistrationState.Announcing)
                    {
                        return false;
                    }
                }

                for (int i = 0; i < _services.Count; i++)
                {
                    if (((MdnsRegistration)_services[i]!).State < MdnsRegistrationState.Announcing)
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }

    /// <summary>Adds a service on the configured host; probing starts now when the responder runs, else at <see cref="Start"/>.</summary>
    public void AddService(MdnsService service)
    {
        lock (_gate)
        {
            AddServiceOn(service, _host);
        }
    }

    /// <summary>
    /// Adds a service whose SRV record points at <paramref name="hostName"/>: the configured host or one added with
    /// <see cref="AddHost"/> (by the name it was added as, without .local).
    /// </summary>
    public void AddService(MdnsService service, string hostName)
    {
        lock (_gate)
        {
            MdnsRegistration? host = FindHost(hostName);
            if (host == null)
            {
                throw new ArgumentException("no such host: " + hostName);
            }

            AddServiceOn(service, host);
        }
    }

    /// <summary>
    /// Adds another host name with its own addresses, advertised (and defended) like the configured one; its
    /// <see cref="MdnsHostConfig.MulticastIPv4"/>/<see cref="MdnsHostConfig.MulticastIPv6"/> are ignored (the
    /// configured host's families carry every unsolicited packet).
    /// </summary>
    public void AddHost(MdnsHostConfig host)
    {
        lock (_gate)
        {
            if (FindHost(host.HostName) != null)
            {
                throw new ArgumentException("a host with that name is already registered: " + host.HostName);
            }

            FlushGoodbyes();
            var registration = MdnsRegistration.ForHost(host);
            _hosts.Add(registration);
            _names.Add(registration);
            if (_running)
            {
                BeginProbing(registration, RandomBetween(0, ProbeInterval));
            }
        }
    }

    /// <summary>Withdraws an added host and every service on it, sending goodbyes; the configured host cannot be removed.</summary>
    public void RemoveHost(string hostName)
    {
        lock (_gate)
        {
            MdnsRegistration? host = FindHost(hostName);
            if (host == null)
            {
                return;
            }

            if (host == _host)
            {
                throw new ArgumentException("the configured host stays for the responder's lifetime; call Stop");
            }

            var records = new ArrayList();
            for (int i = _services.Count - 1; i >= 0; i--)
            {
                var service = (MdnsRegistration)_services[i]!;
                if (service.Host == host)
                {
                    _services.RemoveAt(i);
                    _names.Remove(service);
                    if (_running && service.State >= MdnsRegistrationState.Announcing)
                    {
                        MdnsRecordLists.AddAll(records, MdnsRecordFactory.ServiceRecords(service, !HasServiceType(service.Service!.ServiceType)));
                    }

                    service.CancelTimers();
                }
            }

            _hosts.Remove(host);
            _names.Remove(host);
            if (_running && host.State >= MdnsRegistrationState.Announcing)
            {
                MdnsRecordLists.AddAll(records, MdnsRecordFactory.HostRecords(host));
            }

            host.CancelTimers();
            _legacyAnswers.Clear();
            _withdrawals++;
            if (records.Count > 0)
            {
                SendGoodbye(records);
            }
        }
    }

    /// <summary>The advertised name, with .local, of a host added as <paramref name="hostName"/> (it changes after a conflict).</summary>
    public string GetHostName(string hostName)
    {
        lock (_gate)
        {
            MdnsRegistration? host = FindHost(hostName);
            if (host == null)
            {
                throw new ArgumentException("no such host: " + hostName);
            }

            return host.CurrentName + ".local";
        }
    }

    /// <summary>The advertised instance name of a service added as <paramref name="instanceName"/>.</summary>
    public string GetInstanceName(string instanceName)
    {
        lock (_gate)
        {
            MdnsRegistration? registration = FindService(instanceName);
            if (registration == null)
            {
                throw new ArgumentException("no such service");
            }

            return registration.CurrentName;
        }
    }

    /// <summary>Replaces a service's TXT strings and re-announces them (twice, 1 s apart) when already advertised.</summary>
    public void UpdateTxt(string instanceName, byte[][] txt)
    {
        lock (_gate)
        {
            MdnsRegistration? registration = FindService(instanceName);
            if (registration == null)
            {
                throw new ArgumentException("no such service");
            }

            registration.ReplacedTxt = MdnsRecordFactory.TxtRecord(registration);
            registration.ReplacedTxtAt = _clock.UptimeMilliseconds;
            registration.Service!.ReplaceTxt(txt);
            _legacyAnswers.Clear();
            _txtChanges++;
            if (_running && registration.State >= MdnsRegistrationState.Announcing)
            {
                registration.TxtTimer?.Cancel();
                AnnounceTxt(registration, registration.Generation, AnnounceCount);
            }
        }
    }

    /// <summary>Withdraws a service, sending goodbyes (TTL 0) for what was announced.</summary>
    public void RemoveService(string instanceName)
    {
        lock (_gate)
        {
            MdnsRegistration? registration = FindService(instanceName);
            if (registration == null)
            {
                return;
            }

            _services.Remove(registration);
            _names.Remove(registration);
            _legacyAnswers.Clear();
            _withdrawals++;
            if (_running && registration.State >= MdnsRegistrationState.Announcing)
            {
                SendGoodbye(MdnsRecordFactory.ServiceRecords(registration, !HasServiceType(registration.Service!.ServiceType)));
            }

            registration.CancelTimers();
        }
    }

    public void Start()
    {
        lock (_gate)
        {
            if (_running)
            {
                return;
            }

            FlushGoodbyes();
            _running = true;
            _legacyAnswers.Clear();
            _transport.Received += OnReceived;
            for (int i = 0; i < _hosts.Count; i++)
            {
                BeginProbing((MdnsRegistration)_hosts[i]!, RandomBetween(0, ProbeInterval));
            }

            for (int i = 0; i < _services.Count; i++)
            {
                BeginProbing((MdnsRegistration)_services[i]!, RandomBetween(0, ProbeInterval));
            }
        }
    }

    /// <summary>
    /// Stops answering and says goodbye (TTL 0) for every announced record: the first batch of packets now, the rest
    /// one batch per clock tick (<see cref="PendingGoodbyes"/> counts what is still to go).
    /// </summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (!_running)
            {
                return;
            }

            _running = false;
            _epoch++;
            _legacyAnswers.Clear();
            _transport.Received -= OnReceived;
            var records = new ArrayList();
            var typesSaid = new ArrayList();
            for (int i = 0; i < _services.Count; i++)
            {
                var registration = (MdnsRegistration)_services[i]!;
                if (registration.State >= MdnsRegistrationState.Announcing)
                {
                    // The type's enumeration PTR once per type, not once per instance (a fleet has one type).
                    string type = registration.Service!.ServiceType;
                    bool firstOfType = !typesSaid.Contains(type);
                    MdnsRecordLists.AddAll(records, MdnsRecordFactory.ServiceRecords(registration, firstOfType));
                    if (firstOfType)
                    {
                        typesSaid.Add(type);
                    }
                }

                registration.CancelTimers();
                registration.State = MdnsRegistrationState.Idle;
            }

            for (int i = 0; i < _hosts.Count; i++)
            {
                var host = (MdnsRegistration)_hosts[i]!;
                if (host.State >= MdnsRegistrationState.Announcing)
                {
                    MdnsRecordLists.AddAll(records, MdnsRecordFactory.HostRecords(host));
                }

                host.CancelTimers();
                host.State = MdnsRegistrationState.Idle;
            }

            if (records.Count > 0)
            {
                SendGoodbye(records);
            }
        }
    }

    private void OnReceived(byte[] data, DatagramEndpoint source)
    {
        bool cacheable = source.Port != MdnsPort && MdnsLegacyAnswerCache.Cacheable(data);
        if (cacheable && AnsweredFromCache(data, source))
        {
            return;
        }

        DnsMessage message;
        try
        {
            message = DnsMessage.Decode(data);
        }
        catch (DnsFormatException e)
        {
            lock (_gate)
            {
                _malformed++;
            }

            if (_log.IsEnabled(LogLevel.Debug))
            {
                _log.Write(LogLevel.Debug, Component, "ignored a malformed packet: " + e.Message);
            }

            return;
        }

        lock (_gate)
        {
            if (!_running || message.Opcode != 0)
            {
                return;
            }

            if (message.IsResponse)
            {
                // RFC 6762 6: genuine responses come from port 5353; others are not evidence of a conflict.
                if (message.Rcode == 0 && source.Port == MdnsPort)
                {
                    HandleResponse(message);
                }
            }
            else
            {
                HandleQuery(message, source, cacheable ? data : null);
            }
        }
    }

    private bool AnsweredFromCache(byte[] query, DatagramEndpoint source)
    {
        lock (_gate)
        {
            ArrayList? packets = _running ? _legacyAnswers.Find(query) : null;
            if (packets == null)
            {
                return false;
            }

            for (int i = 0; i < packets.Count; i++)
            {
                var packet = (byte[])packets[i]!;
                MdnsLegacyAnswerCache.SetId(packet, query);
                _transport.SendUnicast(packet, source);
            }

            return true;
        }
    }

    private void HandleResponse(DnsMessage message)
    {
        var records = new ArrayList();
        MdnsRecordLists.AddAll(records, message.Answers);
        MdnsRecordLists.AddAll(records, message.Additionals);
        for (int i = 0; i < records.Count; i++)
        {
            var theirs = (DnsRecord)records[i]!;
            if (theirs.Ttl == 0)
            {
                continue;
            }

            // Only registrations of the record's own name can conflict with it. Gathered first: a rename re-files
            // the registration while we go.
            _found.Clear();
            _names.Find(theirs.Name, _found);
            if (_found.Count == 0)
            {
                continue;
            }

            object?[] owners = _found.ToArray();
            for (int k = 0; k < owners.Length; k++)
            {
                CheckConflict((MdnsRegistration)owners[k]!, theirs);
            }
        }
    }

    private void CheckConflict(MdnsRegistration registration, DnsRecord theirs)
    {
        _registrationsExamined++;
        if (registration.State == MdnsRegistrationState.Idle || !theirs.Name.SameAs(MdnsRecordFactory.UniqueName(registration)))
        {
            return;
        }

        ArrayList ours = MdnsRecordFactory.UniqueRecords(registration);
        bool sameType = false;
        for (int i = 0; i < ours.Count; i++)
        {
            var mine = (DnsRecord)ours[i]!;
            if (mine.SameData(theirs))
            {
                return;
            }

            sameType |= mine.Type == theirs.Type;
        }

        // Our own multicast comes back to us (multicast loop, once per family). A TXT announced just before a
        // change, heard after it, is our old record, not another host's claim: a fleet whose devices went online
        // while their first announcements were in flight renamed itself ("PROV_x (2)") over it.
        if (registration.ReplacedTxt != null && registration.ReplacedTxt.SameData(theirs)
            && _clock.UptimeMilliseconds - registration.ReplacedTxtAt < OwnEchoWindow)
        {
            return;
        }

        if (registration.State == MdnsRegistrationState.Probing)
        {
            // RFC 6762 8.1: any answer for a name we are probing means it is taken.
            RaiseConflict(registration, theirs);
            Rename(registration);
            BeginProbing(registration, ConflictBackoff(registration));
        }
        else if (sameType && theirs.CacheFlush)
        {
            // RFC 6762 9: someone else claims our unique record with other data; probe again to settle it.
            RaiseConflict(registration, theirs);
            BeginProbing(registration, 0);
        }
    }

    private void HandleQuery(DnsMessage message, DatagramEndpoint source, byte[]? cacheableQuery)
    {
        if (message.Authorities.Count > 0)
        {
            // A probe's authority records name what it claims: only our registrations of those names can tie.
            var probed = new ArrayList();
            for (int i = 0; i < message.Authorities.Count; i++)
            {
                _found.Clear();
                _names.Find(((DnsRecord)message.Authorities[i]!).Name, _found);
                for (int k = 0; k < _found.Count; k++)
                {
                    if (!probed.Contains(_found[k]))
                    {
                        probed.Add(_found[k]);
                    }
                }
            }

            for (int k = 0; k < probed.Count; k++)
            {
                CheckSimultaneousProbe((MdnsRegistration)probed[k]!, message);
            }
        }

        if (source.Port == MdnsPort && HoldForKnownAnswers(message, source))
        {
            return;
        }

        AnswerQuery(message, source, cacheableQuery);
    }

    // RFC 6762 7.2: a truncated query's known answers continue in the querier's next packets; gather them for
    // 400-500 ms before answering. Returns true when the message was absorbed into a held query.
    private bool HoldForKnownAnswers(DnsMessage message, DatagramEndpoint source)
    {
        for (int i = 0; i < _pending.Count; i++)
        {
            var held = (MdnsPendingQuery)_pending[i]!;
            if (held.From(source))
            {
                MdnsRecordLists.AddAll(held.Message.Questions, message.Questions);
                MdnsRecordLists.AddAll(held.Message.Answers, message.Answers);
                return true;
            }
        }

        if (!message.IsTruncated || _pending.Count >= MaxPendingQueries)
        {
            return false;
        }

        var pending = new MdnsPendingQuery(message, source);
        _pending.Add(pending);
        int epoch = _epoch;
        _clock.Schedule(RandomBetween(400, 500), () =>
        {
            lock (_gate)
            {
                _pending.Remove(pending);
                if (_running && epoch == _epoch)
                {
                    AnswerQuery(pending.Message, pending.Source, null);
                }
            }
        });
        return true;
    }

    private void AnswerQuery(DnsMessage message, DatagramEndpoint source, byte[]? cacheableQuery)
    {
        if (message.Questions.Count == 0)
        {
            return;
        }

        bool legacy = source.Port != MdnsPort;
        var answers = new ArrayList();
        bool anyMulticastQuestion = false;
        for (int q = 0; q < message.Questions.Count; q++)
        {
            var question = (DnsQuestion)message.Questions[q]!;
            int before = answers.Count;
            _answerer.Answer(question, answers);
            if (answers.Count > before && !question.UnicastResponse)
            {
                anyMulticastQuestion = true;
            }
        }

        MdnsAnswerer.SuppressKnownAnswers(answers, message.Answers);
        if (legacy)
        {
            SendLegacyResponse(message, answers, source, cacheableQuery);
            return;
        }

        if (answers.Count == 0)
        {
            return;
        }

        bool unicast = !anyMulticastQuestion && RecentlyMulticast(answers);
        if (!unicast)
        {
            // RFC 6762 6: a record goes to the group at most once a second (every 250 ms when defending against a probe).
            DropRecentlyMulticast(answers, message.Authorities.Count > 0 ? ProbeDefenseRateLimit : MulticastRateLimit);
            if (answers.Count == 0)
            {
                return;
            }
        }

        bool shared = false;
        for (int i = 0; i < answers.Count; i++)
        {
            shared |= ((DnsRecord)answers[i]!).Type == DnsRecordType.Ptr;
        }

        ArrayList responses = Pack(answers, true, null);
        if (unicast)
        {
            for (int i = 0; i < responses.Count; i++)
            {
                SendUnicast((DnsMessage)responses[i]!, source);
            }
        }
        else if (shared)
        {
            // RFC 6762 6: shared answers wait 20-120 ms so several responders' answers spread out.
            int epoch = _epoch;
            int withdrawals = _withdrawals;
            int txtChanges = _txtChanges;
            _clock.Schedule(RandomBetween(20, 120), () =>
            {
                lock (_gate)
                {
                    if (_running && epoch == _epoch && withdrawals == _withdrawals)
                    {
                        if (txtChanges != _txtChanges)
                        {
                            DropStaleTxt(responses, 0);
                        }

                        SendMulticastResponse(responses, source.IsIPv6, answers);
                    }
                }
            });
        }
        else
        {
            SendMulticastResponse(responses, source.IsIPv6, answers);
        }
    }

    /// <summary>
    /// The response messages for <paramref name="answers"/>: one message with every additional record when it fits
    /// in a packet, else several, each answer travelling with as many of its own additional records as still fit
    /// (RFC 6762 6: additionals are optional; a querier asks for what it missed). <paramref name="query"/>, for
    /// legacy answers, gives the id and questions every message echoes.
    /// </summary>
    private ArrayList Pack(ArrayList answers, bool withAdditionals, DnsMessage? query)
    {
        var messages = new ArrayList();
        int start = HeaderLength;
        if (query != null)
        {
            for (int i = 0; i < query.Questions.Count; i++)
            {
                start += ((DnsQuestion)query.Questions[i]!).Name.WireLength + 4;
            }
        }

        ArrayList additionals = withAdditionals ? _answerer.Additionals(answers) : new ArrayList();
        if (start + SizeOf(answers) + SizeOf(additionals) <= MaxPacket || answers.Count <= 1 && !withAdditionals)
        {
            messages.Add(NewResponse(answers, additionals, query));
            return messages;
        }

        DnsMessage? current = null;
        int size = 0;
        var one = new ArrayList();

        // Start at a random answer: if a querier drops the last packets of a long answer, the next answer's last
        // packets hold other records, so retries converge.
        int first = RandomBetween(0, answers.Count - 1);
        for (int n = 0; n < answers.Count; n++)
        {
            var answer = (DnsRecord)answers[(first + n) % answers.Count]!;
            one.Clear();
            one.Add(answer);
            ArrayList extra = withAdditionals ? _answerer.Additionals(one) : new ArrayList();
            int needed = answer.UncompressedLength + SizeOf(extra);
            if (current != null && size + needed > MaxPacket)
            {
                current = null;
            }

            if (current == null)
            {
                current = NewResponse(new ArrayList(), new ArrayList(), query);
                messages.Add(current);
                size = start;
            }

            current.Answers.Add(answer);
            size += answer.UncompressedLength;
            for (int k = 0; k < extra.Count; k++)
            {
                var record = (DnsRecord)extra[k]!;
                if (size + record.UncompressedLength <= MaxPacket && !MdnsRecordLists.Contains(current.Additionals, record)
                    && !MdnsRecordLists.Contains(answers, record))
                {
                    current.Additionals.Add(record);
                    size += record.UncompressedLength;
                }
            }
        }

        return messages;
    }

    private static int SizeOf(ArrayList records)
    {
        int size = 0;
        for (int i = 0; i < records.Count; i++)
        {
            size += ((DnsRecord)records[i]!).UncompressedLength;
        }

        return size;
    }

    private void CheckSimultaneousProbe(MdnsRegistration registration, DnsMessage message)
    {
        _registrationsExamined++;
        if (registration.State != MdnsRegistrationState.Probing)
        {
            return;
        }

        DnsName name = MdnsRecordFactory.UniqueName(registration);
        var theirs = new ArrayList();
        for (int i = 0; i < message.Authorities.Count; i++)
        {
            var record = (DnsRecord)message.Authorities[i]!;
            if (record.Name.SameAs(name))
            {
                theirs.Add(record);
            }
        }

        if (theirs.Count == 0)
        {
            return;
        }

        int order = MdnsTiebreak.Compare(MdnsRecordFactory.UniqueRecords(registration), theirs);
        if (order < 0)
        {
            // RFC 6762 8.2: the lexicographically later data wins; we wait a second and probe again.
            if (_log.IsEnabled(LogLevel.Information))
            {
                _log.Write(LogLevel.Information, Component, "lost a simultaneous probe for " + name + "; probing again in 1 s");
            }

            BeginProbing(registration, LostTiebreakDelay);
        }
    }

    private bool RecentlyMulticast(ArrayList answers)
    {
        long now = _clock.UptimeMilliseconds;
        for (int i = 0; i < answers.Count; i++)
        {
            var record = (DnsRecord)answers[i]!;
            MdnsRegistration owner = OwnerOf(record);
            long quarter = (long)record.Ttl * 1000 / 4;
            if (owner.LastMulticast == long.MinValue || now - owner.LastMulticast > quarter)
            {
                return false;
            }
        }

        return true;
    }

    private void DropRecentlyMulticast(ArrayList answers, int interval)
    {
        long now = _clock.UptimeMilliseconds;
        for (int i = answers.Count - 1; i >= 0; i--)
        {
            MdnsRegistration owner = OwnerOf((DnsRecord)answers[i]!);
            if (owner.LastMulticast != long.MinValue && now - owner.LastMulticast < interval)
            {
                answers.RemoveAt(i);
            }
        }
    }

    private MdnsRegistration OwnerOf(DnsRecord record)
    {
        MdnsRegistration? host = _names.First(record.Name, true);
        if (host != null)
        {
            return host;
        }

        MdnsRegistration? service = _names.First(record is DnsPtrRecord pointer ? pointer.Target : record.Name, false);
        if (service != null)
        {
            return service;
        }

        // Service enumeration PTRs belong to no single instance; the host's stamp stands in for them.
        return _host;
    }

    // RFC 6762 6.7: echo the id and questions, no cache-flush bits, short TTLs. A plain query's packets are kept
    // for the next identical query.
    private void SendLegacyResponse(DnsMessage query, ArrayList answers, DatagramEndpoint source, byte[]? cacheableQuery)
    {
        var packets = new ArrayList();
        if (answers.Count > 0)
        {
            ArrayList responses = Pack(answers, true, query);
            for (int i = 0; i < responses.Count; i++)
            {
                packets.Add(((DnsMessage)responses[i]!).EncodeLegacy(LegacyTtlCap));
            }
        }

        if (cacheableQuery != null)
        {
            _legacyAnswers.Add(cacheableQuery, packets);
        }

        for (int i = 0; i < packets.Count; i++)
        {
            _transport.SendUnicast((byte[])packets[i]!, source);
        }
    }

    private void BeginProbing(MdnsRegistration registration, int delay)
    {
        _legacyAnswers.Clear();
        registration.CancelTimers();
        registration.State = MdnsRegistrationState.Probing;
        registration.Step = 0;
        int generation = registration.Generation;
        registration.Timer = _clock.Schedule(delay, () => OnProbeTimer(registration, generation));
    }

    private void OnProbeTimer(MdnsRegistration registration, int generation)
    {
        lock (_gate)
        {
            if (!_running || generation != registration.Generation || registration.State != MdnsRegistrationState.Probing)
            {
                return;
            }

            if (registration.Step < ProbeCount)
            {
                SendProbe(registration, registration.Step == 0);
                registration.Step++;
                registration.Timer = _clock.Schedule(ProbeInterval, () => OnProbeTimer(registration, generation));
                return;
            }

            registration.State = MdnsRegistrationState.Announcing;
            registration.Step = 0;
            _legacyAnswers.Clear();
            if (_log.IsEnabled(LogLevel.Information))
            {
                _log.Write(LogLevel.Information, Component, "probing done for " + MdnsRecordFactory.UniqueName(registration));
            }

            ProbingCompleted?.Invoke(MdnsRecordFactory.UniqueName(registration).ToString());
            OnAnnounceTimer(registration, generation);
            if (registration.IsHost && registration.Attempt > 1)
            {
                ReannounceServices(registration);
            }
        }
    }

    private void OnAnnounceTimer(MdnsRegistration registration, int generation)
    {
        lock (_gate)
        {
            if (!_running || generation != registration.Generation || registration.State != MdnsRegistrationState.Announcing)
            {
                return;
            }

            var records = registration.IsHost ? MdnsRecordFactory.HostRecords(registration) : MdnsRecordFactory.ServiceRecords(registration, true);
            SendMulticast(NewResponse(records, new ArrayList(), null), registration);
            registration.Step++;
            if (registration.Step < AnnounceCount)
            {
                registration.Timer = _clock.Schedule(AnnounceInterval, () => OnAnnounceTimer(registration, generation));
            }
            else
            {
                registration.State = MdnsRegistrationState.Established;
                registration.Timer = null;
            }
        }
    }

    // After a host takes a new name, every SRV that already went out points at the old one: announce them again.
    private void ReannounceServices(MdnsRegistration host)
    {
        for (int i = 0; i < _services.Count; i++)
        {
            var service = (MdnsRegistration)_services[i]!;
            if (service.Host == host && service.State >= MdnsRegistrationState.Announcing)
            {
                service.CancelTimers();
                service.State = MdnsRegistrationState.Announcing;
                service.Step = 0;
                OnAnnounceTimer(service, service.Generation);
            }
        }
    }

    private void AnnounceTxt(MdnsRegistration registration, int generation, int remaining)
    {
        if (!_running || generation != registration.Generation || remaining <= 0)
        {
            return;
        }

        var records = new ArrayList();
        records.Add(MdnsRecordFactory.TxtRecord(registration));
        SendMulticast(NewResponse(records, new ArrayList(), null), registration);
        registration.TxtTimer = _clock.Schedule(AnnounceInterval, () =>
        {
            lock (_gate)
            {
                AnnounceTxt(registration, generation, remaining - 1);
            }
        });
    }

    private void SendProbe(MdnsRegistration registration, bool first)
    {
        var probe = new DnsMessage();

        // RFC 6762 8.1: the first probe asks for a unicast reply so a defender answers us directly.
        probe.Questions.Add(new DnsQuestion(MdnsRecordFactory.UniqueName(registration), DnsRecordType.Any, first));
        ArrayList proposed = MdnsRecordFactory.UniqueRecords(registration);
        for (int i = 0; i < proposed.Count; i++)
        {
            ((DnsRecord)proposed[i]!).CacheFlush = false;
        }

        MdnsRecordLists.AddAll(probe.Authorities, proposed);
        SendMulticast(probe, null);
    }

    private void SendGoodbye(ArrayList records)
    {
        for (int i = 0; i < records.Count; i++)
        {
            ((DnsRecord)records[i]!).Ttl = 0;
        }

        _goodbyes.Add(Pack(records, false, null));
        if (!_goodbyeTicking)
        {
            SendGoodbyeBatch();
        }
    }

    // Sends up to a batch of queued goodbyes and ticks again while any were sent, so goodbyes queued by later calls
    // (a fleet removing its devices one by one) wait for the next tick instead of going out in one burst. Not tied
    // to the epoch: goodbyes queued by Stop still go out after it.
    private void SendGoodbyeBatch()
    {
        int sent = 0;
        while (sent < GoodbyePacketsPerTick && _goodbyes.Count > 0)
        {
            SendMulticast(_goodbyes.Take(), null);
            sent++;
        }

        _goodbyeTicking = sent > 0;
        if (_goodbyeTicking)
        {
            _clock.Schedule(GoodbyeTick, () =>
            {
                lock (_gate)
                {
                    SendGoodbyeBatch();
                }
            });
        }
    }

    // A name added (or the responder started) while goodbyes wait: they go out now, before any probe or
    // announcement, so a late goodbye never withdraws a record announced again after it.
    private void FlushGoodbyes()
    {
        while (_goodbyes.Count > 0)
        {
            SendMulticast(_goodbyes.Take(), null);
        }
    }

    private void SendMulticastResponse(ArrayList responses, bool ipv6, ArrayList answers)
    {
        long now = _clock.UptimeMilliseconds;
        for (int i = 0; i < answers.Count; i++)
        {
            OwnerOf((DnsRecord)answers[i]!).LastMulticast = now;
        }

        SendPaced(responses, 0, ipv6, _epoch, _withdrawals, _txtChanges);
    }

    private void SendPaced(ArrayList responses, int from, bool ipv6, int epoch, int withdrawals, int txtChanges)
    {
        int end = from + PacketsPerBurst < responses.Count ? from + PacketsPerBurst : responses.Count;
        for (int i = from; i < end; i++)
        {
            var response = (DnsMessage)responses[i]!;

            // A packet whose every answer was a TXT changed since has nothing left to say.
            if (response.Answers.Count > 0)
            {
                _transport.SendMulticast(response.Encode(), ipv6);
            }
        }

        if (end < responses.Count)
        {
            _clock.Schedule(BurstInterval, () =>
            {
                lock (_gate)
                {
                    if (_running && epoch == _epoch && withdrawals == _withdrawals)
                    {
                        if (txtChanges != _txtChanges)
                        {
                            DropStaleTxt(responses, end);
                        }

                        SendPaced(responses, end, ipv6, epoch, withdrawals, _txtChanges);
                    }
                }
            });
        }
    }

    // Removes, from the messages not sent yet, every TXT record that is no longer its service's current one.
    private void DropStaleTxt(ArrayList responses, int from)
    {
        for (int i = from; i < responses.Count; i++)
        {
            var response = (DnsMessage)responses[i]!;
            DropStaleTxt(response.Answers);
            DropStaleTxt(response.Additionals);
        }
    }

    private void DropStaleTxt(ArrayList records)
    {
        for (int i = records.Count - 1; i >= 0; i--)
        {
            var txt = records[i] as DnsTxtRecord;
            if (txt == null)
            {
                continue;
            }

            MdnsRegistration? owner = _names.First(txt.Name, false);
            if (owner == null || !MdnsRecordFactory.TxtRecord(owner).SameData(txt))
            {
                records.RemoveAt(i);
            }
        }
    }

    private void SendMulticast(DnsMessage message, MdnsRegistration? stamp)
    {
        if (stamp != null)
        {
            stamp.LastMulticast = _clock.UptimeMilliseconds;
        }

        byte[] bytes = message.Encode();
        if (_config.MulticastIPv4)
        {
            _transport.SendMulticast(bytes, false);
        }

        if (_config.MulticastIPv6)
        {
            _transport.SendMulticast(bytes, true);
        }
    }

    private void SendUnicast(DnsMessage message, DatagramEndpoint destination) => _transport.SendUnicast(message.Encode(), destination);

    private void Rename(MdnsRegistration registration)
    {
        string old = registration.CurrentName;
        registration.Attempt++;
        _names.Remove(registration);
        registration.CurrentName = registration.IsHost
            ? MdnsNaming.HostName(registration.BaseName, registration.Attempt)
            : MdnsNaming.InstanceName(registration.BaseName, registration.Attempt);
        _names.Add(registration);
        if (_log.IsEnabled(LogLevel.Information))
        {
            _log.Write(LogLevel.Information, Component, "name conflict: " + old + " renamed to " + registration.CurrentName);
        }

        Renamed?.Invoke(old, registration.CurrentName);
    }

    // RFC 6762 8.1: after 15 conflicts within 10 s, wait 5 s before the next probe so a hostile or broken peer
    // cannot make us flood the link with probes.
    private int ConflictBackoff(MdnsRegistration registration)
    {
        long now = _clock.UptimeMilliseconds;
        if (registration.ConflictCount == 0 || now - registration.FirstConflictAt > ConflictWindow)
        {
            registration.FirstConflictAt = now;
            registration.ConflictCount = 0;
        }

        registration.ConflictCount++;
        return registration.ConflictCount >= ConflictBurst ? ConflictBackoffDelay : 0;
    }

    private void RaiseConflict(MdnsRegistration registration, DnsRecord theirs)
    {
        if (_log.IsEnabled(LogLevel.Warning))
        {
            // The record type heard tells a real claim (SRV, A) from a stale copy of our own (usually TXT).
            _log.Write(LogLevel.Warning, Component, "conflict for " + MdnsRecordFactory.UniqueName(registration) + ": heard a record of type " + theirs.Type.ToString() + " with other data (ttl " + theirs.Ttl.ToString() + ")");
        }

        ConflictDetected?.Invoke(MdnsRecordFactory.UniqueName(registration).ToString());
    }

    private static DnsMessage NewResponse(ArrayList answers, ArrayList additionals, DnsMessage? query)
    {
        var response = new DnsMessage();
        response.IsResponse = true;
        response.IsAuthoritative = true;
        if (query != null)
        {
            response.Id = query.Id;
            MdnsRecordLists.AddAll(response.Questions, query.Questions);
        }

        MdnsRecordLists.AddAll(response.Answers, answers);
        MdnsRecordLists.AddAll(response.Additionals, additionals);
        return response;
    }

    private bool HasServiceType(string serviceType)
    {
        for (int i = 0; i < _services.Count; i++)
        {
            var other = ((MdnsRegistration)_services[i]!).Service!;
            if (DnsName.Parse(other.ServiceType).SameAs(DnsName.Parse(serviceType)))
            {
                return true;
            }
        }

        return false;
    }

    private void AddServiceOn(MdnsService service, MdnsRegistration host)
    {
        if (FindService(service.InstanceName) != null)
        {
            throw new ArgumentException("a service with that instance name is already registered");
        }

        FlushGoodbyes();
        var registration = MdnsRegistration.ForService(service, host);
        _services.Add(registration);
        _names.Add(registration);
        if (_running)
        {
            BeginProbing(registration, RandomBetween(0, ProbeInterval));
        }
    }

    private MdnsRegistration? FindHost(string hostName)
    {
        for (int i = 0; i < _hosts.Count; i++)
        {
            var host = (MdnsRegistration)_hosts[i]!;
            if (host.BaseName == hostName || host.CurrentName == hostName)
            {
                return host;
            }
        }

        return null;
    }

    private MdnsRegistration? FindService(string instanceName)
    {
        for (int i = 0; i < _services.Count; i++)
        {
            var registration = (MdnsRegistration)_services[i]!;
            if (registration.BaseName == instanceName || registration.CurrentName == instanceName)
            {
                return registration;
            }
        }

        return null;
    }

    private int RandomBetween(int low, int high)
    {
        var bytes = new byte[2];
        _random.NextBytes(bytes);
        int value = (bytes[0] << 8) | bytes[1];
        return low + (value % (high - low + 1));
    }
}
