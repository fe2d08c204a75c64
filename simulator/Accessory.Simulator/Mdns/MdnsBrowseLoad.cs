using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Accessory.Core.Mdns;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Mdns;

/// <summary>
/// A phone browsing one service type and resolving what it finds, for benchmarks: from a socket on UDP 5353 joined to
/// the IPv4 group it sends multicast PTR queries for the type (at 0, 1, 2, 4, 8 s... like a phone's continuous
/// querying, each a plain question without known answers, so every query asks for the whole list) until every
/// expected instance was named or the browse time runs out; then it resolves every instance found, at a fixed rate:
/// SRV and TXT in one query (unicast response requested), then A for the SRV's target. An instance counts as resolved
/// when its SRV, TXT and an A for its target came back after its resolve began. Bounded in count and time.
/// </summary>
public static class MdnsBrowseLoad
{
    public static MdnsBrowseResult Run(MdnsBrowseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ExpectedInstances < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "ExpectedInstances must be at least 1");
        }

        var factory = options.SocketFactory ?? (f => new Socket(f, SocketType.Dgram, ProtocolType.Udp));
        using var socket = factory(AddressFamily.InterNetwork);
        int index = string.IsNullOrEmpty(options.InterfaceName) ? 0 : InterfaceLookup.IndexOf(socket, options.InterfaceName);

        // A whole browse answer arrives within a second; the client must not be what loses it.
        socket.ReceiveBufferSize = 4 << 20;
        MulticastSocketSetup.PrepareIPv4(socket, index, MdnsAddresses.Port);
        if (!string.IsNullOrEmpty(options.InterfaceName))
        {
            MulticastSocketSetup.BindToDevice(socket, options.InterfaceName);
        }

        var group = new IPEndPoint(MdnsAddresses.GroupIPv4, MdnsAddresses.Port);
        var type = DnsName.Parse(options.ServiceType);
        var seen = new BrowseState(type);
        var clock = Stopwatch.StartNew();
        var receiver = new Thread(() => seen.Receive(socket, clock)) { IsBackground = true, Name = "mdns browse receive" };
        receiver.Start();
        try
        {
            // Browse.
            int queries = 0;
            double nextQuery = 0;
            double interval = 1000;
            double browseEnd = options.BrowseTime.TotalMilliseconds;
            while (seen.FoundCount < options.ExpectedInstances && clock.Elapsed.TotalMilliseconds < browseEnd)
            {
                if (clock.Elapsed.TotalMilliseconds >= nextQuery)
                {
                    socket.SendTo(Query(new DnsQuestion(type, DnsRecordType.Ptr, false)), group);
                    queries++;
                    nextQuery += interval;
                    interval = Math.Min(interval * 2, 60_000);
                }

                Thread.Sleep(5);
            }

            int found = seen.FoundCount;
            double allFoundMs = found >= options.ExpectedInstances ? seen.LastFoundAt : double.NaN;

            // Let the rest of the browse answers (paced) arrive, then resolve: only what comes back afterwards counts.
            Thread.Sleep(1500);
            var instances = seen.BeginResolve();
            double gap = 1000.0 / options.ResolvesPerSecond;
            double start = clock.Elapsed.TotalMilliseconds;
            for (int i = 0; i < instances.Count; i++)
            {
                double wait = start + (i * gap) - clock.Elapsed.TotalMilliseconds;
                if (wait >= 1)
                {
                    Thread.Sleep(TimeSpan.FromMilliseconds(wait));
                }

                var name = instances[i];
                socket.SendTo(Query(new DnsQuestion(name, DnsRecordType.Srv, true), new DnsQuestion(name, DnsRecordType.Txt, true)), group);
                seen.SendAddressQueries(socket, group, Query);
            }

            double resolveEnd = clock.Elapsed.TotalMilliseconds + options.ResolveTimeout.TotalMilliseconds;
            while (clock.Elapsed.TotalMilliseconds < resolveEnd && seen.ResolvedCount < instances.Count)
            {
                seen.SendAddressQueries(socket, group, Query);
                Thread.Sleep(5);
            }

            int resolved = seen.ResolvedCount;
            return new MdnsBrowseResult(found, options.ExpectedInstances, allFoundMs, resolved, instances.Count - resolved, queries);
        }
        finally
        {
            socket.Close();
            receiver.Join();
        }
    }

    private static byte[] Query(params DnsQuestion[] questions)
    {
        var query = new DnsMessage();
        for (int i = 0; i < questions.Length; i++)
        {
            query.Questions.Add(questions[i]);
        }

        return query.Encode();
    }

    // What the receive thread learnt, under one lock: instances named by PTR answers, then per instance its SRV
    // target, TXT and the target's address, recorded only after BeginResolve.
    private sealed class BrowseState
    {
        private readonly object _gate = new();
        private readonly DnsName _type;
        private readonly List<DnsName> _found = [];
        private readonly HashSet<string> _foundKeys = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _srvTarget = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _txt = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _addressed = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _addressAsked = new(StringComparer.OrdinalIgnoreCase);
        private readonly Queue<string> _addressToAsk = new();
        private bool _resolving;

        public BrowseState(DnsName type)
        {
            _type = type;
        }

        public double LastFoundAt { get; private set; }

        public int FoundCount
        {
            get
            {
                lock (_gate)
                {
                    return _found.Count;
                }
            }
        }

        public int ResolvedCount
        {
            get
            {
                lock (_gate)
                {
                    return _found.Count(n => _txt.Contains(n.ToString()) && _srvTarget.TryGetValue(n.ToString(), out var target) && _addressed.Contains(target));
                }
            }
        }

        public List<DnsName> BeginResolve()
        {
            lock (_gate)
            {
                _resolving = true;
                return [.. _found];
            }
        }

        public void SendAddressQueries(Socket socket, EndPoint group, Func<DnsQuestion[], byte[]> query)
        {
            while (true)
            {
                string target;
                lock (_gate)
                {
                    if (!_addressToAsk.TryDequeue(out target!))
                    {
                        return;
                    }

                    // Already came as an additional record of the SRV answer: a phone would not ask.
                    if (_addressed.Contains(target))
                    {
                        continue;
                    }
                }

                socket.SendTo(query([new DnsQuestion(DnsName.Parse(target), DnsRecordType.A, true)]), group);
            }
        }

        public void Receive(Socket socket, Stopwatch clock)
        {
            var buffer = new byte[9000];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            while (true)
            {
                int length;
                try
                {
                    length = socket.ReceiveFrom(buffer, ref from);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }

                DnsMessage message;
                try
                {
                    message = DnsMessage.Decode(buffer.AsSpan(0, length).ToArray());
                }
                catch (DnsFormatException)
                {
                    continue;
                }

                if (message.IsResponse)
                {
                    Take(message.Answers, clock);
                    Take(message.Additionals, clock);
                }
            }
        }

        private void Take(System.Collections.ArrayList records, Stopwatch clock)
        {
            lock (_gate)
            {
                foreach (DnsRecord record in records)
                {
                    if (record.Ttl == 0)
                    {
                        continue;
                    }

                    string name = record.Name.ToString();
                    if (record is DnsPtrRecord ptr && record.Name.SameAs(_type) && _foundKeys.Add(ptr.Target.ToString()))
                    {
                        _found.Add(ptr.Target);
                        LastFoundAt = clock.Elapsed.TotalMilliseconds;
                    }
                    else if (!_resolving)
                    {
                        continue;
                    }
                    else if (record is DnsSrvRecord srv && _foundKeys.Contains(name))
                    {
                        string target = srv.Target.ToString();
                        _srvTarget[name] = target;
                        if (_addressAsked.Add(target))
                        {
                            _addressToAsk.Enqueue(target);
                        }
                    }
                    else if (record is DnsTxtRecord && _foundKeys.Contains(name))
                    {
                        _txt.Add(name);
                    }
                    else if (record is DnsAddressRecord address && address.Address.Length == 4 && _addressAsked.Contains(name))
                    {
                        _addressed.Add(name);
                    }
                }
            }
        }
    }
}
