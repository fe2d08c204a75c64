using System.Diagnostics;
using System.Globalization;
using Accessory.Simulator.Mqtt;
using Accessory.Simulator.Platform;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// `accessory-sim bench broker-soak`: the embedded broker in this process, its clients in a child process
/// (`bench mqtt`), so the RSS measured is the broker's alone: idle, peak per cycle and after the links disconnected.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class BrokerSoakBench
{
    private const int WarmUpLinks = 200;

    public static async Task<int> RunAsync(int links, int cycles, bool trim, TextWriter o, CancellationToken cancel)
    {
        await using var broker = new EmbeddedBroker(FreePort()) { TrimWhenIdle = trim };
        await broker.StartAsync().ConfigureAwait(false);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        await Task.Delay(1000, cancel).ConfigureAwait(false);
        double cold = Rss();
        o.WriteLine($"workload: embedded broker (MQTTnet behind the front gate) in this process on {broker.Uri}; each cycle a child process (`bench mqtt --devices {links} --publishes 1`) connects {links} links, publishes once each and exits; {cycles} cycles; {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC; trim when idle {(trim ? "on" : "OFF (for comparison)")}");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold idle RSS {cold:F0} MB, before any client ({Breakdown()})"));
        o.Flush();

        // A broker that has served anyone has its connection code paged in and compiled (file-backed and JIT memory
        // that stays): idle is measured after a few links came and went, the state a broker waits in between clients.
        string warmUp = await RunClientsAsync(broker.Uri, WarmUpLinks, cancel).ConfigureAwait(false);
        await SettleAsync(broker, cancel).ConfigureAwait(false);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        await Task.Delay(1000, cancel).ConfigureAwait(false);
        double idle = Rss();
        string idleBreakdown = Breakdown();

        // Read after the figures above: parsing smaps allocates, and a fresh allocation region would count in them.
        var idleMap = AnonymousMemoryMap.Read();
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"idle RSS {idle:F0} MB, after a warm-up of {WarmUpLinks} links ({warmUp}) had left ({idleBreakdown})"));
        o.WriteLine($"  anonymous at idle: {idleMap.Describe()}");
        o.Flush();
        var after = new List<double>();
        var previousMap = idleMap;
        long jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTime = System.Runtime.JitInfo.GetCompilationTime();
        for (int cycle = 1; cycle <= cycles; cycle++)
        {
            double peak = idle;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, Rss());
                    await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
                }
            }, CancellationToken.None);
            string connected = await RunClientsAsync(broker.Uri, links, cancel).ConfigureAwait(false);
            await SettleAsync(broker, cancel).ConfigureAwait(false);
            await sampling.CancelAsync().ConfigureAwait(false);
            await sampler.ConfigureAwait(false);
            double rss = Rss();
            after.Add(rss);
            var gc = GC.GetGCMemoryInfo();
            double managed = GC.GetTotalMemory(false) / 1048576.0;
            double committed = gc.TotalCommittedBytes / 1048576.0;
            int sessions = await broker.SessionCountAsync().ConfigureAwait(false);
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cycle {cycle,2}: {connected}; broker peak RSS {peak:F0} MB, after disconnect {rss:F0} MB ({(rss - idle) / idle * 100:+0;-0}% of idle, {(rss - cold) / cold * 100:+0;-0}% of cold idle; {Breakdown()}), managed heap {managed:F0} MB ({committed:F0} MB committed), connections left {broker.OpenConnections}, MQTTnet sessions left {sessions}, trims {broker.Trims}"));
            var map = AnonymousMemoryMap.Read();
            o.WriteLine($"  anonymous: {map.Describe()}; grew since idle: {map.GrowthSince(idleMap)}; since the cycle before: {map.GrowthSince(previousMap)}");

            // The JIT's working memory comes from the same malloc arenas: a cycle whose arenas grew is read beside what
            // was compiled in it (a method reaching its call count is compiled again, optimized, in the background).
            long jittedNow = System.Runtime.JitInfo.GetCompiledMethodCount();
            var jitTimeNow = System.Runtime.JitInfo.GetCompilationTime();
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  jit: {jittedNow - jitted} methods compiled in this cycle ({(jitTimeNow - jitTime).TotalMilliseconds:F0} ms)"));
            jitted = jittedNow;
            jitTime = jitTimeNow;
            previousMap = map;
            o.Flush();
        }

        double last = after[^1];
        bool returns = last <= idle * 1.2;
        bool flat = after.Count < 2 || after[^1] <= after[0] * 1.1;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"verdict: after the last cycle {last:F0} MB vs idle {idle:F0} MB: {(returns ? "within" : "NOT within")} 20% (cold idle {cold:F0} MB: {(last <= cold * 1.2 ? "within" : "NOT within")} 20%); cycle 1 {after[0]:F0} MB -> cycle {after.Count} {last:F0} MB: {(flat ? "no growth" : "GROWS")}"));
        o.WriteLine($"reproduce: accessory-sim bench broker-soak --links {links} --cycles {cycles}{(trim ? string.Empty : " --no-trim")}");
        return returns && flat ? 0 : 1;
    }

    // From the last open connection closing until the broker's last trim, and a second more.
    private static async Task SettleAsync(EmbeddedBroker broker, CancellationToken cancel)
    {
        var settle = Stopwatch.StartNew();
        while (broker.OpenConnections > 0 && settle.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, cancel).ConfigureAwait(false);
        }

        await Task.Delay(EmbeddedBroker.IdleTrimWindow + TimeSpan.FromSeconds(1), cancel).ConfigureAwait(false);
    }

    // Anonymous memory (heaps, stacks) is what a leak or an untrimmed heap shows in; file-backed is the code of the
    // runtime and assemblies paged in once used, which the kernel can drop at will.
    private static string Breakdown()
    {
        string anon = "?", file = "?", threads = "?";
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            string value = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                anon = Mb(value);
            }
            else if (line.StartsWith("RssFile:", StringComparison.Ordinal))
            {
                file = Mb(value);
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = value;
            }
        }

        return $"anonymous {anon} MB, file-backed {file} MB, {threads} threads";

        static string Mb(string kb) =>
            (long.Parse(kb.Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0).ToString("F0", CultureInfo.InvariantCulture);
    }

    private static double Rss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return 0;
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<string> RunClientsAsync(BrokerUri uri, int links, CancellationToken cancel)
    {
        string self = Environment.GetCommandLineArgs()[0];
        var start = self.EndsWith(".dll", StringComparison.Ordinal)
            ? new ProcessStartInfo("dotnet") { ArgumentList = { self } }
            : new ProcessStartInfo(Environment.ProcessPath ?? self);
        foreach (var arg in new[] { "bench", "mqtt", "--broker", uri.ToString(), "--devices", links.ToString(CultureInfo.InvariantCulture), "--publishes", "1" })
        {
            start.ArgumentList.Add(arg);
        }

        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
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
