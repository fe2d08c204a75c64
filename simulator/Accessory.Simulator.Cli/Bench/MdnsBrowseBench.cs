using System.Globalization;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Mdns.Reference;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// `accessory-sim bench mdns-browse`: a phone browsing a LAN where N instances of one type are advertised, against
/// our shared responder (`accessory-sim fleet --mdns-interface`, its own process, every device its own instance and
/// host) and, in the same run, avahi-daemon publishing N static services of another type (its own process), each on
/// its own host of a private test LAN (network namespaces; nothing leaves them). Per round the client browses
/// (<see cref="MdnsBrowseLoad"/>: multicast PTR queries without known answers) and resolves every instance found.
/// </summary>
internal sealed class MdnsBrowseBench
{
    private const string OurType = "_accessory._tcp.local";
    private const string AvahiType = "_avahibrowse._tcp";
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(180);
    private readonly TextWriter _out;

    public MdnsBrowseBench(TextWriter output)
    {
        _out = output;
    }

    public int Run(int instances, int rounds)
    {
        if (NetworkNamespace.UnavailableReason is { } why)
        {
            Console.Error.WriteLine($"error: bench mdns-browse runs in private network namespaces: {why}");
            return 2;
        }

        using var lan = LanSegment.Create("ours", "avahi", "phone");
        _out.WriteLine($"workload: {instances} instances per responder; per round a phone namespace browses (multicast PTR queries at 0, 1, 2, 4 ... s, no known answers) until all are named (30 s at most), then resolves each (SRV+TXT, then A; 200 resolves/s, 5 s for the last answers); {rounds} round(s), ours then avahi-daemon in each");
        using var ours = StartOurs(lan["ours"], instances);
        if (ours == null)
        {
            return 2;
        }

        AvahiResponder? avahi = null;
        if (AvahiConfig.UnavailableReason is { } noAvahi)
        {
            _out.WriteLine($"avahi-daemon: not measured ({noAvahi})");
        }
        else
        {
            var services = Enumerable.Range(0, instances)
                .Select(i => ($"Avahi Browse {i:D5}", AvahiType, 8443, new[] { "id=" + i.ToString(CultureInfo.InvariantCulture), "state=online" }))
                .ToArray();
            avahi = AvahiResponder.Start(lan["avahi"], "avahi-browse", services);
            _out.WriteLine($"avahi-daemon (pid {avahi.ProcessId}): {instances} static services of {AvahiType} on one host, established");
        }

        try
        {
            // Warm-up (JIT, neighbour entries, the responders' first answers), not reported.
            Browse(lan["phone"], OurType, instances);
            if (avahi != null)
            {
                Browse(lan["phone"], AvahiType + ".local", instances);
            }

            var table = new List<(string Who, MdnsBrowseResult Result, double CpuMs)>();
            for (int round = 1; round <= rounds; round++)
            {
                var mine = Measure(ours.Id, lan["phone"], OurType, instances);
                table.Add(("accessory", mine.Result, mine.CpuMs));
                _out.WriteLine($"round {round} accessory:    {mine.Result}; responder cpu {mine.CpuMs:0} ms");
                if (avahi != null)
                {
                    var theirs = Measure(avahi.ProcessId, lan["phone"], AvahiType + ".local", instances);
                    table.Add(("avahi-daemon", theirs.Result, theirs.CpuMs));
                    _out.WriteLine($"round {round} avahi-daemon: {theirs.Result}; responder cpu {theirs.CpuMs:0} ms");
                }
            }

            WriteSummary(table);
            return table.Where(r => r.Who == "accessory").All(r => r.Result.Found == instances && r.Result.Lost == 0) ? 0 : 1;
        }
        finally
        {
            avahi?.Dispose();
        }
    }

    private NamespaceProcess? StartOurs(LanHost host, int instances)
    {
        var (file, prefix) = SelfCommand.Get();
        string count = instances.ToString(CultureInfo.InvariantCulture);
        var process = new NamespaceProcess(host.Namespace, file, prefix.Concat(new[]
        {
            "fleet", "--count", count, "--broker", "embedded", "--mdns-interface", host.InterfaceName,
        }));
        // Established names, and every device online: a device still connecting changes its TXT, and the responder
        // drops a long answer that was going out when a TXT changed.
        if (process.WaitForLine(l => l.StartsWith("mdns: all " + count + " instances established", StringComparison.Ordinal), StartPatience) == null
            || process.WaitForLine(l => l.StartsWith("all " + count + " connected", StringComparison.Ordinal), StartPatience) == null)
        {
            Console.Error.WriteLine("error: accessory-sim fleet did not establish its mDNS names in the bench namespace:\n" + process.AllOutput);
            process.Dispose();
            return null;
        }

        _out.WriteLine($"accessory responder: accessory-sim fleet --count {count} --broker embedded --mdns-interface (pid {process.Id}), one shared responder, every device its own instance and host, established");
        return process;
    }

    private static (MdnsBrowseResult Result, double CpuMs) Measure(int pid, LanHost phone, string type, int instances)
    {
        double before = ProcessCpu.Milliseconds(pid);
        var result = Browse(phone, type, instances);
        return (result, ProcessCpu.Milliseconds(pid) - before);
    }

    private static MdnsBrowseResult Browse(LanHost phone, string type, int instances) =>
        MdnsBrowseLoad.Run(new MdnsBrowseOptions
        {
            ServiceType = type,
            ExpectedInstances = instances,
            InterfaceName = phone.InterfaceName,
            SocketFactory = family => phone.Namespace.CreateSocketIn(family, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp),
        });

    private void WriteSummary(List<(string Who, MdnsBrowseResult Result, double CpuMs)> table)
    {
        _out.WriteLine();
        _out.WriteLine("summary (over rounds: median [min..max]; lost = resolves unanswered, summed over rounds):");
        _out.WriteLine($"{"responder",-13} {"found",-24} {"all found ms",-26} {"resolved",-24} {"lost",-6} {"cpu ms/round",-10}");
        foreach (var group in table.GroupBy(r => r.Who))
        {
            var rows = group.ToList();
            string found = Counts(rows.Select(r => r.Result.Found));
            string allFound = rows.Any(r => double.IsNaN(r.Result.AllFoundMilliseconds))
                ? $"{MdnsBench.Spread(rows.Select(r => r.Result.AllFoundMilliseconds))} ({rows.Count(r => double.IsNaN(r.Result.AllFoundMilliseconds))} incomplete)"
                : MdnsBench.Spread(rows.Select(r => r.Result.AllFoundMilliseconds));
            string resolved = Counts(rows.Select(r => r.Result.Resolved));
            _out.WriteLine($"{group.Key,-13} {found,-24} {allFound,-26} {resolved,-24} {rows.Sum(r => r.Result.Lost),-6} {MdnsBench.Median(rows.Select(r => r.CpuMs).ToList()):0}");
        }
    }

    // Counts are whole numbers: "1000 [998..1000]", not the latencies' three decimals.
    private static string Counts(IEnumerable<int> values)
    {
        var list = values.ToList();
        return string.Format(CultureInfo.InvariantCulture, "{0:0} [{1}..{2}]", MdnsBench.Median(list.Select(v => (double)v).ToList()), list.Min(), list.Max());
    }
}
