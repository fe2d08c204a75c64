using System.Diagnostics;
using System.Globalization;
using Accessory.Simulator.Fleet;
using Accessory.Simulator.Mqtt;
using CoreLogLevel = Accessory.Core.Ports.LogLevel;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// `accessory-sim bench fleet`: N fleet devices in this process against a mosquitto it starts: time until all are
/// connected and peak RSS, next to `bench mqtt`'s raw links (a child process, same broker, same run); then a broker
/// restart: time until all are back, and QoS 1 telemetry counted by seq at a mosquitto_sub consumer.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class FleetBench
{
    public static async Task<int> RunAsync(int devices, TimeSpan telemetry, TimeSpan outage, int startRate, bool reference, TextWriter o, CancellationToken cancel)
    {
        string limits = FleetLimits.Describe(devices, devices);
        using var broker = new MosquittoProcess();
        var uri = BrokerUri.Parse("mqtt://127.0.0.1:" + broker.Port.ToString(CultureInfo.InvariantCulture));
        var group = new FleetGroup
        {
            Name = "bench",
            Count = devices,
            TelemetryEvery = telemetry,
            TelemetryJitter = 0.2,
            QueueCapacity = 64,
            ReconnectBase = TimeSpan.FromSeconds(1),
            ReconnectCap = TimeSpan.FromSeconds(10),
        };
        o.WriteLine($"workload: {devices} fleet devices (core AccessoryDevice + CloudLink + own MQTTnet connection each; telemetry QoS 1 every {telemetry.TotalSeconds} s +-20%, queue {group.QueueCapacity}, reconnect 1 s..{group.ReconnectCap.TotalSeconds} s) in one process, start rate {(startRate == 0 ? "unlimited" : startRate + "/s")}, against mosquitto 2 on {uri} (started by the bench); {Environment.ProcessorCount} cores");
        o.WriteLine($"limits: {limits} (mosquitto, started by the bench, inherits it and holds as many sockets)");
        o.Flush();

        string? referenceLine = null;
        string? referenceRss = null;
        if (reference)
        {
            var (connected, rss) = await RunReferenceAsync(uri, devices, cancel).ConfigureAwait(false);
            referenceLine = connected;
            referenceRss = rss;
            o.WriteLine($"reference (`bench mqtt` raw MQTTnet links, child process, same broker): {connected ?? "no result"}; {rss ?? "no RSS"}");
            o.Flush();
        }

        using var consumer = new TelemetryConsumer(broker.Port);
        double idleRss = FleetLimits.PeakRssMegabytes();
        var log = new FleetLog(CoreLogLevel.Error, null);
        await using var run = await FleetRun.CreateAsync(new FleetSpec { Name = "bench", StartRate = startRate, Groups = [group] }, uri, log).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var startSampler = new ThreadPoolSampler();
        await run.StartAsync(cancel).ConfigureAwait(false);
        double allConnected = await WaitAsync(() => run.Snapshot().EverConnected == devices, TimeSpan.FromMinutes(3), clock, cancel).ConfigureAwait(false);
        await startSampler.DisposeAsync().ConfigureAwait(false);
        var up = run.Snapshot();
        double peak = FleetLimits.PeakRssMegabytes();
        double brokerRss = broker.RssMegabytes();
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fleet: connected {up.EverConnected}/{devices} in {Seconds(allConnected)} (first connect p50 {up.FirstConnectP50} ms, p99 {up.FirstConnectP99} ms, max {up.FirstConnectMax} ms; {up.ConnectFailures} failed attempts); peak RSS {peak:F0} MB ({(peak - idleRss) * 1024 / devices:F1} KiB per device over the {idleRss:F0} MB before); mosquitto RSS {brokerRss:F0} MB"));
        o.WriteLine("  first connect by phase: " + FleetPhaseReport.Describe(run.Devices));
        o.WriteLine("  during the start: " + startSampler.Describe());
        o.Flush();
        await Task.Delay(TimeSpan.FromSeconds(5), cancel).ConfigureAwait(false);

        // Broker restart: SIGTERM (it saves the consumer's session), down for the outage, started again.
        var restartClock = Stopwatch.StartNew();
        var restartSampler = new ThreadPoolSampler();
        broker.Terminate();
        double allDown = await WaitAsync(() => run.Snapshot().Connected == 0, TimeSpan.FromMinutes(1), restartClock, cancel).ConfigureAwait(false);
        await Task.Delay(outage, cancel).ConfigureAwait(false);
        var down = run.Snapshot();
        broker.Start();
        var backClock = Stopwatch.StartNew();
        double allBack = await WaitAsync(() => run.Snapshot().Connected == devices, TimeSpan.FromMinutes(3), backClock, cancel).ConfigureAwait(false);
        var back = run.Snapshot();
        await restartSampler.DisposeAsync().ConfigureAwait(false);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"restart: all down {Seconds(allDown)} after SIGTERM; broker down {outage.TotalSeconds:F0} s more with {down.Queued} messages queued on the devices; back: connected {back.Connected}/{devices} {Seconds(allBack)} after the broker started (bound: the policy's next retry, at most {group.ReconnectCap.TotalSeconds:F0} s, plus the connect); reconnect attempts {back.Reconnects}"));
        o.WriteLine("  during the restart: " + restartSampler.Describe());
        o.Flush();

        // Drain: no more samples, queues empty, then count by seq at the consumer.
        foreach (var device in run.Devices)
        {
            device.StopTelemetry();
        }

        await WaitAsync(() => run.Snapshot().Queued == 0, TimeSpan.FromMinutes(2), Stopwatch.StartNew(), cancel).ConfigureAwait(false);
        var drained = run.Snapshot();
        var sent = run.Devices.ToDictionary(d => d.DeviceId, d => d.TelemetrySent, StringComparer.Ordinal);
        long total = sent.Values.Sum();
        long missing = total;
        var settle = Stopwatch.StartNew();
        while (settle.Elapsed < TimeSpan.FromSeconds(60) && (missing = consumer.Missing(sent)) > drained.Dropped)
        {
            await Task.Delay(500, cancel).ConfigureAwait(false);
        }

        o.WriteLine($"qos1: telemetry sent {total}, acknowledged {drained.Acknowledged}, dropped by full queues {drained.Dropped}, still queued {drained.Queued}; consumer (mosquitto_sub, persistent session) received {consumer.Messages} messages, missing by seq {missing} => {(drained.Queued > 0 ? $"NOT judged: {drained.Queued} messages are still queued on devices that have not reconnected" : $"lost within the queue bound: {Math.Max(0, missing - drained.Dropped)}")}");
        o.WriteLine();
        o.WriteLine("side by side (same run, same broker):");
        o.WriteLine($"  {"",-34} {"connect all",-14} {"peak RSS",-12}");
        if (reference)
        {
            o.WriteLine($"  {"bench mqtt raw links (reference)",-34} {Field(referenceLine, " in "),-14} {Field(referenceRss, "peak RSS "),-12}");
        }

        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"fleet devices",-34} {Seconds(allConnected),-14} {peak:F0} MB"));
        o.WriteLine($"reproduce: accessory-sim bench fleet --devices {devices} --telemetry-s {telemetry.TotalSeconds} --outage-s {outage.TotalSeconds} --start-rate {startRate} (Release: dotnet run -c Release --project simulator/Accessory.Simulator.Cli -- bench fleet ...)");
        o.Flush();
        bool ok = up.EverConnected == devices && back.Connected == devices && missing <= drained.Dropped;
        return ok ? 0 : 1;
    }

    private static string Seconds(double s) => s < 0 ? "NOT within the wait" : s.ToString("F2", CultureInfo.InvariantCulture) + " s";

    private static string Field(string? line, string after)
    {
        if (line is null)
        {
            return "-";
        }

        int at = line.IndexOf(after, StringComparison.Ordinal);
        return at < 0 ? line : line[(at + after.Length)..].Split(' ')[0] + " " + line[(at + after.Length)..].Split(' ').ElementAtOrDefault(1);
    }

    private static async Task<double> WaitAsync(Func<bool> done, TimeSpan within, Stopwatch clock, CancellationToken cancel)
    {
        var limit = clock.Elapsed + within;
        while (!done())
        {
            if (clock.Elapsed > limit)
            {
                return -1;
            }

            // A snapshot walks every device and takes several locks on each: polled every 20 ms it cost 10,000
            // devices a tenth of a core that the bare-link reference (which waits on a task) did not pay.
            await Task.Delay(100, cancel).ConfigureAwait(false);
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<(string? Connected, string? Rss)> RunReferenceAsync(BrokerUri uri, int devices, CancellationToken cancel)
    {
        var start = SelfCommand.StartInfo("bench", "mqtt", "--broker", uri.ToString(), "--devices", devices.ToString(CultureInfo.InvariantCulture), "--publishes", "1");
        start.RedirectStandardOutput = true;
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the reference");
        string output = await child.StandardOutput.ReadToEndAsync(cancel).ConfigureAwait(false);
        await child.WaitForExitAsync(cancel).ConfigureAwait(false);
        var lines = output.Split('\n');
        return (lines.FirstOrDefault(l => l.StartsWith("connected ", StringComparison.Ordinal)), lines.FirstOrDefault(l => l.StartsWith("peak RSS", StringComparison.Ordinal)));
    }
}
