using System.Diagnostics;
using System.Globalization;
using Accessory.Simulator.Mqtt;
using Accessory.Simulator.Platform;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// `accessory-sim bench broker-soak`: the embedded broker in a child process of its own (<see cref="SoakBrokerProcess"/>),
/// its clients in another (`bench mqtt`), so the RSS measured is the broker's alone: idle, peak per cycle and after the
/// links disconnected.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class BrokerSoakBench
{
    private const int WarmUpLinks = 200;

    public static async Task<int> RunAsync(int links, int cycles, bool trim, TextWriter o, CancellationToken cancel)
    {
        // The broker runs in a process of its own, so what is measured holds the broker and not this bench's code
        // (SoakBrokerProcess says what the bench's own compilation did to the figures when they shared a process).
        await using var broker = await SoakBrokerChild.StartAsync(trim, cancel).ConfigureAwait(false);
        await Task.Delay(1000, cancel).ConfigureAwait(false);
        double cold = broker.StatusMb("VmRSS");
        string coldBreakdown = Breakdown(broker);
        var coldStatus = await broker.StatusAsync(cancel).ConfigureAwait(false);
        o.WriteLine($"workload: embedded broker (MQTTnet behind the front gate) in its own process (pid {broker.ProcessId}, `accessory-sim {SoakBrokerProcess.ChildCommand}`) on {broker.Uri}; each cycle a child process (`bench mqtt --devices {links} --publishes 1`) connects {links} links, publishes once each and exits; {cycles} cycles; {coldStatus["gc"]} GC; trim when idle {(trim ? "on" : "OFF (for comparison)")}");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold idle RSS {cold:F0} MB, before any client ({coldBreakdown})"));
        o.Flush();

        // A broker that has served anyone has its connection code paged in and compiled (file-backed and JIT memory
        // that stays): idle is measured after a few links came and went, the state a broker waits in between clients.
        string warmUp = await RunClientsAsync(broker.Uri, WarmUpLinks, cancel).ConfigureAwait(false);
        await broker.AskAsync(SoakBrokerProcess.Settle, cancel).ConfigureAwait(false);
        await broker.AskAsync(SoakBrokerProcess.Collect, cancel).ConfigureAwait(false);
        double idle = broker.StatusMb("VmRSS");
        string idleBreakdown = Breakdown(broker);
        var idleMap = AnonymousMemoryMap.Read(broker.ProcessId);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"idle RSS {idle:F0} MB, after a warm-up of {WarmUpLinks} links ({warmUp}) had left ({idleBreakdown})"));
        o.WriteLine($"  anonymous at idle: {idleMap.Describe()}");
        o.Flush();
        var after = new List<double>();
        var previousMap = idleMap;
        var previousStatus = await broker.StatusAsync(cancel).ConfigureAwait(false);
        for (int cycle = 1; cycle <= cycles; cycle++)
        {
            double peak = idle;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, broker.StatusMb("VmRSS"));
                    await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
                }
            }, CancellationToken.None);
            string connected = await RunClientsAsync(broker.Uri, links, cancel).ConfigureAwait(false);
            await broker.AskAsync(SoakBrokerProcess.Settle, cancel).ConfigureAwait(false);
            await sampling.CancelAsync().ConfigureAwait(false);
            await sampler.ConfigureAwait(false);

            // Memory first, from outside; then the counts, which the broker process computes.
            double rss = broker.StatusMb("VmRSS");
            string breakdown = Breakdown(broker);
            var map = AnonymousMemoryMap.Read(broker.ProcessId);
            var status = await broker.StatusAsync(cancel).ConfigureAwait(false);
            after.Add(rss);
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cycle {cycle,2}: {connected}; broker peak RSS {peak:F0} MB, after disconnect {rss:F0} MB ({(rss - idle) / idle * 100:+0.0;-0.0}% of idle, {(rss - cold) / cold * 100:+0.0;-0.0}% of cold idle; {breakdown}), managed heap {Mb(status["managed"])} MB ({Mb(status["committed"])} MB committed), connections left {status["connections"]}, MQTTnet sessions left {status["sessions"]}, trims {status["trims"]}"));
            o.WriteLine($"  anonymous: {map.Describe()}; grew since idle: {map.GrowthSince(idleMap)}; since the cycle before: {map.GrowthSince(previousMap)}");

            // The JIT's working memory comes from the same malloc arenas: a cycle whose arenas grew is read beside what
            // the broker process compiled in it (a method reaching its call count is compiled again, optimized).
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  jit: {Count(status, previousStatus, "jit-methods")} methods compiled in the broker process in this cycle ({Count(status, previousStatus, "jit-ms")} ms)"));
            previousMap = map;
            previousStatus = status;
            o.Flush();
        }

        double last = after[^1];
        bool returns = last <= idle * 1.2;
        bool flat = after.Count < 2 || after[^1] <= after[0] * 1.1;

        // The target is every cycle, not only the last: the cycles over it are named.
        var over = Enumerable.Range(1, after.Count).Where(c => after[c - 1] > idle * 1.2).ToList();
        string everyCycle = over.Count == 0
            ? "every cycle within 20%"
            : $"NOT every cycle within 20% (over: cycle {string.Join(", ", over)})";
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"verdict: after the last cycle {last:F1} MB vs idle {idle:F1} MB: {(returns ? "within" : "NOT within")} 20%, {everyCycle} (cold idle {cold:F1} MB: {(last <= cold * 1.2 ? "within" : "NOT within")} 20%); cycle 1 {after[0]:F1} MB -> cycle {after.Count} {last:F1} MB: {(flat ? "no growth" : "GROWS")}"));
        o.WriteLine($"reproduce: accessory-sim bench broker-soak --links {links} --cycles {cycles}{(trim ? string.Empty : " --no-trim")}");
        return over.Count == 0 && flat ? 0 : 1;
    }

    // Anonymous memory (heaps, stacks) is what a leak or an untrimmed heap shows in; file-backed is the code of the
    // runtime and assemblies paged in once used, which the kernel can drop at will.
    private static string Breakdown(SoakBrokerChild broker) => string.Create(CultureInfo.InvariantCulture,
        $"anonymous {broker.StatusMb("RssAnon"):F0} MB, file-backed {broker.StatusMb("RssFile"):F0} MB, {broker.Threads()} threads");

    private static string Mb(string bytes) =>
        (long.Parse(bytes, CultureInfo.InvariantCulture) / 1048576.0).ToString("F0", CultureInfo.InvariantCulture);

    private static long Count(IReadOnlyDictionary<string, string> now, IReadOnlyDictionary<string, string> before, string name) =>
        long.Parse(now[name], CultureInfo.InvariantCulture) - long.Parse(before[name], CultureInfo.InvariantCulture);

    private static async Task<string> RunClientsAsync(BrokerUri uri, int links, CancellationToken cancel)
    {
        var start = SelfCommand.StartInfo("bench", "mqtt", "--broker", uri.ToString(), "--devices", links.ToString(CultureInfo.InvariantCulture), "--publishes", "1");
        start.RedirectStandardOutput = true;
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the clients");
        string output = await child.StandardOutput.ReadToEndAsync(cancel).ConfigureAwait(false);
        await child.WaitForExitAsync(cancel).ConfigureAwait(false);
        var lines = output.Split('\n');
        string result = lines.FirstOrDefault(l => l.StartsWith("connected ", StringComparison.Ordinal))?.Trim() ?? "clients gave no result";

        // A lost connect is reported with its cause (timed out, refused, reset), not only counted.
        var failed = lines.Where(l => l.StartsWith("connect failed: ", StringComparison.Ordinal)).Select(l => l["connect failed: ".Length..].Trim()).ToArray();
        return failed.Length == 0 ? result : result + " (failed: " + string.Join("; ", failed) + ")";
    }
}
