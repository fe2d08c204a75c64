using System.Globalization;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Mdns.Reference;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// `accessory-sim bench mdns`: a bounded PTR query load against our responder and, side by side in the same run,
/// avahi-daemon, each on its own private test LAN with its own client host (network namespaces; nothing leaves them;
/// <see cref="ResponderBenchLans"/> says why not one LAN). Ours runs as its own process (`accessory-sim run
/// --mdns-interface`), as avahi-daemon does, so the load generator's threads and garbage collector are not in its way.
/// Both run the whole time; each round measures one, then the other, and they take turns at going first, so noise
/// from other work on the machine falls on both.
/// </summary>
internal sealed class MdnsBench
{
    private const string OurType = "_accessory._tcp.local";
    private const string AvahiType = "_avahibench._tcp.local";

    // The responder's control port inside its own namespace (its /metrics gives the figures around each round).
    private const int OurControlPort = 8700;
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);
    private readonly TextWriter _out;

    public MdnsBench(TextWriter output)
    {
        _out = output;
    }

    public async Task<int> RunAsync(int queries, double[] rates, int rounds, TimeSpan timeout, bool internals = false, bool sharedLan = false)
    {
        if (NetworkNamespace.UnavailableReason is { } why)
        {
            await Console.Error.WriteLineAsync($"error: bench mdns runs in private network namespaces: {why}").ConfigureAwait(false);
            return 2;
        }

        using var lans = ResponderBenchLans.Create(sharedLan);
        var data = Directory.CreateTempSubdirectory("accessory-bench-mdns-");
        try
        {
            _out.WriteLine($"workload: {queries} legacy-unicast PTR queries per round at {string.Join(", ", rates.Select(Format))} queries/s from a client namespace ({(sharedLan ? "one LAN for both responders: every query wakes both" : "each responder on its own LAN with its own client")}), {rounds} round(s) per rate, answer timeout {timeout.TotalMilliseconds} ms");
            using var ours = StartOurs(lans.Ours, data.FullName);
            if (ours == null)
            {
                return 2;
            }

            using var avahi = AvahiConfig.UnavailableReason == null
                ? AvahiResponder.Start(lans.Avahi, "avahi-bench", ("Avahi Bench", "_avahibench._tcp", 8443, ["id=0"]))
                : null;
            if (avahi == null)
            {
                _out.WriteLine($"avahi-daemon: not measured ({AvahiConfig.UnavailableReason})");
            }

            // Warm-up (JIT, caches, ARP/neighbour entries), not reported.
            Load(lans.OursClient, OurType, 500, 1000, timeout);
            if (avahi != null)
            {
                Load(lans.AvahiClient, AvahiType, 500, 1000, timeout);
            }

            var table = new List<(double Rate, string Who, MdnsQueryLoadResult Result, double CpuMs)>();
            foreach (double rate in rates)
            {
                for (int round = 1; round <= rounds; round++)
                {
                    // Whoever goes first in a round meets what the machine and this process (the load generator's
                    // own JIT and GC) do at its start: take turns, so neither responder always gets that.
                    bool oursFirst = round % 2 == 1 || avahi == null;
                    if (oursFirst)
                    {
                        MeasureOurs(rate, round);
                    }

                    if (avahi != null)
                    {
                        var theirs = Measure(avahi.ProcessId, lans.Avahi, lans.AvahiClient, AvahiType, queries, rate, timeout);
                        table.Add((rate, "avahi-daemon", theirs.Result, theirs.CpuMs));
                        _out.WriteLine($"{Format(rate),7}/s round {round} avahi-daemon: {theirs.Result}, responder cpu {theirs.CpuMs:0} ms, {theirs.Drops}");
                    }

                    if (!oursFirst)
                    {
                        MeasureOurs(rate, round);
                    }
                }
            }

            void MeasureOurs(double rate, int round)
            {
                string? problem = null;
                var figuresBefore = internals ? ResponderFigures.Read(lans.Ours, OurControlPort, out problem) : null;
                var mine = Measure(ours.Id, lans.Ours, lans.OursClient, OurType, queries, rate, timeout);
                table.Add((rate, "accessory", mine.Result, mine.CpuMs));
                _out.WriteLine($"{Format(rate),7}/s round {round} accessory:    {mine.Result}, responder cpu {mine.CpuMs:0} ms, {mine.Drops}");
                if (internals)
                {
                    var figuresAfter = figuresBefore == null ? null : ResponderFigures.Read(lans.Ours, OurControlPort, out problem);
                    _out.WriteLine(figuresAfter != null ? $"{"",9}{figuresAfter.Since(figuresBefore!)}" : $"{"",9}responder internals: not read ({problem})");
                }
            }

            WriteSummary(table, queries);
            return table.Where(r => r.Who == "accessory").All(r => r.Result.Unanswered == 0) ? 0 : 1;
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private NamespaceProcess? StartOurs(LanHost host, string dataDirectory)
    {
        var (file, prefix) = SelfCommand.Get();
        var process = new NamespaceProcess(host.Namespace, file, prefix.Concat(new[]
        {
            "run", "--data-dir", dataDirectory, "--name", "PROV_BE0C11", "--no-provisioning",
            "--mdns-interface", host.InterfaceName, "--api-port", "9443",
            "--control-port", OurControlPort.ToString(CultureInfo.InvariantCulture),
        }));
        if (process.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), StartPatience) == null)
        {
            Console.Error.WriteLine("error: accessory-sim run did not start in the bench namespace:\n" + process.AllOutput);
            process.Dispose();
            return null;
        }

        _out.WriteLine($"accessory responder: accessory-sim run (pid {process.Id}) in its own namespace");
        return process;
    }

    private static (MdnsQueryLoadResult Result, double CpuMs, string Drops) Measure(int pid, LanHost responder, LanHost client, string type, int queries, double rate, TimeSpan timeout)
    {
        long responderDrops = UdpDrops.Read(responder.Namespace);
        long clientDrops = UdpDrops.Read(client.Namespace);
        double before = ProcessCpu.Milliseconds(pid);
        var result = Load(client, type, queries, rate, timeout);
        double cpu = ProcessCpu.Milliseconds(pid) - before;
        string drops = $"full-buffer drops: responder {UdpDrops.Read(responder.Namespace) - responderDrops}, client {UdpDrops.Read(client.Namespace) - clientDrops}";
        return (result, cpu, drops);
    }

    private void WriteSummary(List<(double Rate, string Who, MdnsQueryLoadResult Result, double CpuMs)> table, int queries)
    {
        _out.WriteLine();
        _out.WriteLine("summary (per rate, over rounds: median [min..max]; lost = unanswered summed over rounds):");
        _out.WriteLine("(at socket: from the query's send to the answer's arrival at the client's socket, the kernel's stamp: the responder's answer latency;");
        _out.WriteLine(" read: to when the load generator's thread read it, which adds that thread's own wake-up, often on the other CPU)");
        _out.WriteLine($"{"rate/s",8} {"responder",-13} {"p50 ms at socket",-22} {"p99 ms at socket",-22} {"p99 ms read",-22} {"lost",-14} {"cpu ms/round",-10}");
        foreach (var group in table.GroupBy(r => (r.Rate, r.Who)))
        {
            var rows = group.ToList();
            string lost = $"{rows.Sum(r => r.Result.Unanswered)}/{queries * rows.Count}";
            _out.WriteLine($"{Format(group.Key.Rate),8} {group.Key.Who,-13} {Spread(rows.Select(r => r.Result.ArrivalP50Milliseconds)),-22} {Spread(rows.Select(r => r.Result.ArrivalP99Milliseconds)),-22} {Spread(rows.Select(r => r.Result.P99Milliseconds)),-22} {lost,-14} {Median(rows.Select(r => r.CpuMs).ToList()):0}");
        }
    }

    internal static string Spread(IEnumerable<double> values)
    {
        var list = values.Where(v => !double.IsNaN(v)).ToList();
        if (list.Count == 0)
        {
            return "n/a";
        }

        return string.Format(CultureInfo.InvariantCulture, "{0:0.000} [{1:0.000}..{2:0.000}]", Median(list), list.Min(), list.Max());
    }

    internal static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Format(double rate) => rate.ToString("0.##", CultureInfo.InvariantCulture);

    private static MdnsQueryLoadResult Load(LanHost client, string serviceType, int queries, double rate, TimeSpan timeout) =>
        MdnsQueryLoad.Run(new MdnsQueryLoadOptions
        {
            ServiceType = serviceType,
            QueryCount = queries,
            QueriesPerSecond = rate,
            AnswerTimeout = timeout,
            InterfaceName = client.InterfaceName,
            SocketFactory = family => client.Namespace.CreateSocketIn(family, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp),
        });
}
