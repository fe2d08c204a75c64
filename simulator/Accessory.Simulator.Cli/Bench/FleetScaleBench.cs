using System.Diagnostics;
using System.Globalization;
using Accessory.Simulator.Fleet;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>What `bench fleet-scale` runs; <see cref="Problem"/> says what is wrong with it, before anything starts.</summary>
internal sealed record FleetScaleOptions(int Devices, int Processes, int? Brokers, int StartRate, int TelemetrySeconds, int HoldSeconds, int ConnectTimeoutSeconds, bool KeepFdLimit)
{
    public const int MaxDevices = 1_000_000;
    public const int MaxProcesses = 64;

    public int PerProcess => Devices / Processes;

    public string? Problem()
    {
        if (Devices is < 1 or > MaxDevices)
        {
            return $"--devices must be 1..{MaxDevices}, not {Devices}";
        }

        if (Processes is < 1 or > MaxProcesses)
        {
            return $"--processes must be 1..{MaxProcesses}, not {Processes}";
        }

        if (Devices % Processes != 0)
        {
            return $"--devices {Devices} is not a multiple of --processes {Processes}: every fleet process runs the same number of devices (fleet --slice K takes ids K x that); e.g. --devices {Devices / Processes * Processes} or --processes {Nearest(Devices, Processes)}";
        }

        if (PerProcess > FleetSpec.MaxDevices)
        {
            return $"--devices {Devices} over --processes {Processes} is {PerProcess} devices per process, more than the {FleetSpec.MaxDevices} one fleet process runs; use --processes {(Devices + FleetSpec.MaxDevices - 1) / FleetSpec.MaxDevices} or more";
        }

        if (Brokers is int b && (b < 1 || b > Processes))
        {
            return $"--brokers must be 1..{Processes} (at most one per process), not {b}";
        }

        if (StartRate is < 0 or > 100_000)
        {
            return $"--start-rate must be 0..100000 devices per second per process, not {StartRate}";
        }

        if (TelemetrySeconds is < 0 or > 3600)
        {
            return $"--telemetry-s must be 0 (none) or 1..3600 seconds, not {TelemetrySeconds}";
        }

        if (HoldSeconds is < 0 or > 3600)
        {
            return $"--hold-s must be 0..3600 seconds, not {HoldSeconds}";
        }

        if (ConnectTimeoutSeconds is < 10 or > 3600)
        {
            return $"--connect-timeout-s must be 10..3600 seconds, not {ConnectTimeoutSeconds}";
        }

        return null;
    }

    public string Command => string.Create(CultureInfo.InvariantCulture,
        $"accessory-sim bench fleet-scale --devices {Devices} --processes {Processes}{(Brokers is int b ? $" --brokers {b}" : string.Empty)} --start-rate {StartRate} --telemetry-s {TelemetrySeconds} --hold-s {HoldSeconds} --connect-timeout-s {ConnectTimeoutSeconds}{(KeepFdLimit ? " --keep-fd-limit" : string.Empty)}");

    private static int Nearest(int devices, int processes)
    {
        for (int p = processes + 1; p <= MaxProcesses; p++)
        {
            if (devices % p == 0)
            {
                return p;
            }
        }

        return 1;
    }
}

/// <summary>
/// `accessory-sim bench fleet-scale`: many devices on this machine across several `fleet --slice K` processes,
/// against mosquitto started by the bench: one loopback listener per fleet process (each listener is its own
/// destination, so the ~28,000 local source ports apply per process), the descriptor limit raised as root, and
/// as many mosquitto processes as that limit needs (one if it could be raised). Shows live progress, then the time
/// until all are online, per-process peak RSS, mosquitto RSS and CPU, failures and what limited the run, judged by
/// what mosquitto saw ($SYS and each device's availability through mosquitto_sub).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class FleetScaleBench
{
    public static async Task<int> RunAsync(FleetScaleOptions options, TextWriter o, CancellationToken cancel)
    {
        using var cleanup = new ScaleCleanup(o);
        try
        {
            return await RunAsync(options, cleanup, o, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            o.WriteLine("interrupted: stopping the fleet processes (SIGINT, then SIGKILL after 60 s) and mosquitto");
            o.Flush();
            return 130;
        }
    }

    /// <summary>How many mosquitto processes: the fewest that each hold their share of devices within the descriptor limit.</summary>
    public static int BrokersFor(FleetScaleOptions opt, long descriptorLimit)
    {
        if (opt.Brokers is int b)
        {
            return b;
        }

        long capacity = descriptorLimit - ScaleLimits.BrokerOverhead;
        for (int brokers = 1; brokers < opt.Processes; brokers++)
        {
            int processesOnBusiest = (opt.Processes + brokers - 1) / brokers;
            if ((long)processesOnBusiest * opt.PerProcess <= capacity)
            {
                return brokers;
            }
        }

        return opt.Processes;
    }

    private static async Task<int> RunAsync(FleetScaleOptions opt, ScaleCleanup cleanup, TextWriter o, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        int per = opt.PerProcess;
        var (low, high) = ProcReadings.LocalPortRange();
        int sourcePorts = high - low + 1;
        var connectWait = TimeSpan.FromSeconds(opt.ConnectTimeoutSeconds);

        // The fleet processes end by themselves after this even if the bench is killed; mosquitto a little later.
        var childDuration = connectWait + TimeSpan.FromSeconds(opt.HoldSeconds + 120);
        var bound = childDuration + TimeSpan.FromSeconds(180);
        var memory = ProcReadings.Memory();
        o.WriteLine($"workload: {opt.Devices} fleet devices (core AccessoryDevice + CloudLink + own MQTTnet connection each) in {opt.Processes} `accessory-sim fleet --slice K` processes of {per}, start rate {(opt.StartRate == 0 ? "unlimited" : opt.StartRate + "/s")} per process, telemetry {(opt.TelemetrySeconds == 0 ? "off" : $"QoS 1 every {opt.TelemetrySeconds} s +-20%")}; hold {opt.HoldSeconds} s once all are online");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"machine: {Environment.ProcessorCount} cores, memory {memory.Total / 1024:F1} GB ({memory.Available / 1024:F1} GB available), load average {ProcReadings.LoadAverages()}"));
        o.WriteLine("descriptors: " + ScaleLimits.Prepare(opt.Devices + ScaleLimits.BrokerOverhead, opt.KeepFdLimit));
        long limit = ScaleLimits.Descriptors().Soft;
        int brokerCount = BrokersFor(opt, limit);
        var served = Enumerable.Range(0, brokerCount).Select(b => Enumerable.Range(0, opt.Processes).Count(k => k % brokerCount == b)).ToList();
        long busiest = (long)served.Max() * per;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"brokers: {brokerCount} mosquitto process(es){(opt.Brokers is null ? $", the fewest that hold {opt.Devices} devices at {limit - ScaleLimits.BrokerOverhead} clients each (one descriptor per client within the limit of {limit})" : " (--brokers)")}; the busiest serves {busiest}: {(busiest <= limit - ScaleLimits.BrokerOverhead ? "within its limit" : $"NOT within its limit: about {limit - ScaleLimits.BrokerOverhead} can connect to it")}; fleet process K uses mosquitto K mod {brokerCount}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ports: ip_local_port_range {low}-{high} gives {sourcePorts} source ports per destination (address and port); one listener per fleet process, {per} connections each: {(per <= sourcePorts ? "enough" : $"NOT enough: about {sourcePorts} can connect through each")}"));
        if (per + ScaleLimits.FleetOverhead > limit)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warning: each fleet process needs about {per + ScaleLimits.FleetOverhead} descriptors, over the limit of {limit}: use more --processes"));
        }

        o.Flush();
        ScaleBrokers brokers;
        try
        {
            brokers = new ScaleBrokers(served, bound);
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        cleanup.Brokers = brokers;
        o.WriteLine($"started: {brokers.Describe()} (each inside `timeout`, ending by itself after {bound.TotalSeconds:F0} s)");
        if (!await brokers.WaitReadyAsync(TimeSpan.FromSeconds(15), cancel).ConfigureAwait(false))
        {
            await Console.Error.WriteLineAsync("error: mosquitto_sub saw no $SYS/broker/clients/connected within 15 s; mosquitto: " + string.Join(" | ", brokers.Brokers.SelectMany(b => b.Log))).ConfigureAwait(false);
            return 1;
        }

        string folder = Directory.CreateTempSubdirectory("accessory-fleet-scale-file").FullName;
        cleanup.Folder = folder;
        string fleetFile = Path.Combine(folder, "fleet-scale.yaml");
        await File.WriteAllTextAsync(fleetFile, FleetFile(opt), cancel).ConfigureAwait(false);

        var before = Sample.Take(brokers);
        var children = new List<FleetScaleChild>();
        double t0 = clock.Elapsed.TotalSeconds;
        for (int k = 0; k < opt.Processes; k++)
        {
            int port = brokers[k % brokerCount].Ports[k / brokerCount];
            var child = new FleetScaleChild(k, per, fleetFile, "mqtt://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), childDuration, clock);
            cleanup.Add(child);
            children.Add(child);
        }

        o.WriteLine($"processes: pids {string.Join(", ", children.Select(c => c.Pid))}; slice 0 runs accessory-sim {string.Join(' ', children[0].Arguments)}, slice K the same with --slice K and its own listener; fleet file: {FleetFile(opt).Replace('\n', ' ').Trim()}");
        o.Flush();

        // Connect: until the brokers have seen every device say "online", the wait runs out, or every process ended.
        var expected = Enumerable.Range(0, opt.Devices).Select(FleetDevice.DeviceIdOf).ToHashSet(StringComparer.Ordinal);
        var watch = new Watch(brokers, children, opt.Devices, clock, t0, o);
        double allOnline = -1;
        double brokerSawAll = -1;
        while (clock.Elapsed.TotalSeconds - t0 < connectWait.TotalSeconds)
        {
            await Task.Delay(500, cancel).ConfigureAwait(false);
            watch.Tick(progressEvery: 2);
            if (brokerSawAll < 0 && brokers.Clients >= opt.Devices)
            {
                brokerSawAll = clock.Elapsed.TotalSeconds - t0;
            }

            if (brokers.Online >= opt.Devices)
            {
                allOnline = clock.Elapsed.TotalSeconds - t0;
                break;
            }

            if (children.All(c => c.HasExited) || brokers.AnyExited)
            {
                break;
            }
        }

        // Processes print their "all connected" line within a second of it; give them that second.
        await Task.Delay(1500, cancel).ConfigureAwait(false);
        watch.Tick(progressEvery: 0);
        var connected = Sample.Take(brokers);
        var brokerFiles = brokers.Brokers.Select(b => ProcReadings.OpenFiles(b.Pid) ?? -1).ToList();
        var brokerLimits = brokers.Brokers.Select(b => ProcReadings.MaxOpenFiles(b.Pid) ?? -1).ToList();
        double connectWall = connected.At - before.At;

        // Hold: do they stay connected (keep-alive, telemetry) with the machine this loaded?
        int holdMin = int.MaxValue;
        var holdEnd = clock.Elapsed + TimeSpan.FromSeconds(allOnline >= 0 ? opt.HoldSeconds : 0);
        while (clock.Elapsed < holdEnd)
        {
            await Task.Delay(1000, cancel).ConfigureAwait(false);
            watch.Tick(progressEvery: 10);
            if (brokers.Clients >= 0)
            {
                holdMin = Math.Min(holdMin, brokers.Clients);
            }
        }

        watch.Tick(progressEvery: 0);
        var held = Sample.Take(brokers);
        var brokerPeaks = brokers.Brokers.Select(b => ProcReadings.PeakRssMegabytes(b.Pid) ?? 0).ToList();
        int offlineDuringRun = brokers.Offline;
        int missing = brokers.MissingOnline(expected);
        int unexpected = brokers.Unexpected(expected);
        int exitedEarly = children.Count(c => c.HasExited && c.AllConnectedAt < 0);

        // Stop: SIGINT; each process powers its devices off, so mosquitto sends every device's Will.
        var stopClock = Stopwatch.StartNew();
        cleanup.StopChildren(TimeSpan.FromSeconds(90));
        double stopped = stopClock.Elapsed.TotalSeconds;
        int online = brokers.Online;
        while (brokers.Offline < online && stopClock.Elapsed < TimeSpan.FromSeconds(stopped + 30))
        {
            await Task.Delay(250, cancel).ConfigureAwait(false);
        }

        double willsAt = stopClock.Elapsed.TotalSeconds;
        int wills = brokers.Offline;

        o.WriteLine();
        o.WriteLine("fleet processes:");
        foreach (var c in children)
        {
            string summary = c.Summary is { } s ? Before(s, "; telemetry") : $"no summary (exit {c.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"})";
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  slice {c.Slice} (ids {FleetDevice.DeviceIdOf(c.Slice * per)}..{FleetDevice.DeviceIdOf((c.Slice * per) + per - 1)}, mosquitto {c.Slice % brokerCount}): {(c.AllConnectedAt >= 0 ? $"all {per} connected {c.AllConnectedAt - c.StartedAt:F1} s after its start" : c.Connected == per ? $"all {per} connected, after its 60 s start phase (so it printed no time)" : "NOT all connected")}; peak RSS {c.PeakRssMegabytes:F0} MB ({c.PeakRssMegabytes * 1024 / per:F1} KiB per device); CPU {c.CpuMilliseconds / 1000:F0} s; stderr lines while running {c.ErrorLines}{Causes(c.Causes)}{(c.ErrorLines > 0 ? $" (first: {c.Errors[0]})" : string.Empty)}; {summary}"));
        }

        o.WriteLine("brokers:");
        for (int b = 0; b < brokerCount; b++)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  mosquitto {b} (pid {brokers[b].Pid}, {served[b] * per} devices): peak RSS {brokerPeaks[b]:F0} MB ({brokerPeaks[b] * 1024 / Math.Max(1, served[b] * per):F1} KiB per connection); CPU {(connected.BrokerCpuMs[b] - before.BrokerCpuMs[b]) / 1000:F1} s over the connect ({(connected.BrokerCpuMs[b] - before.BrokerCpuMs[b]) / 10 / Math.Max(0.001, connectWall):F0}% of one core), {(held.BrokerCpuMs[b] - connected.BrokerCpuMs[b]) / 1000:F1} s over the hold; open files {brokerFiles[b]} of its limit {brokerLimits[b]} after the connect; log lines {brokers[b].LogLines}{(brokers[b].LogLines > 0 ? ": " + string.Join(" | ", brokers[b].Log.Take(3)) : string.Empty)}"));
        }

        double sumPeak = children.Sum(c => c.PeakRssMegabytes);
        double brokerPeakSum = brokerPeaks.Sum();
        double brokerShare = Enumerable.Range(0, brokerCount).Max(b => (connected.BrokerCpuMs[b] - before.BrokerCpuMs[b]) / 1000 / Math.Max(0.001, connectWall));
        double holdWall = held.At - connected.At;
        double machineBusy = connected.MachineBusyShare(before);
        double childCpu = children.Sum(c => c.CpuMilliseconds) / 1000;
        o.WriteLine();
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"result: {opt.Devices - missing}/{opt.Devices} devices announced online to mosquitto (distinct ids on accessory/+/availability, seen by mosquitto_sub){(unexpected > 0 ? $", and {unexpected} ids outside the slices" : string.Empty)}; $SYS clients connected, peaks summed over the brokers: {brokers.PeakClients}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"connect: all online {(allOnline >= 0 ? $"{allOnline:F1} s" : "NOT within the wait")} after the first process started ($SYS counts reached {opt.Devices} at {(brokerSawAll >= 0 ? $"{brokerSawAll:F1} s" : "never")}; processes said all connected at {string.Join(", ", children.Select(c => c.AllConnectedAt >= 0 ? (c.AllConnectedAt - t0).ToString("F1", CultureInfo.InvariantCulture) : "-"))} s)"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory: fleet processes peak RSS sum {sumPeak:F0} MB ({sumPeak * 1024 / opt.Devices:F1} KiB per device, base included); mosquitto peak RSS sum {brokerPeakSum:F0} MB ({brokerPeakSum * 1024 / opt.Devices:F1} KiB per connection); machine memory available min {watch.MinAvailable / 1024:F1} GB of {memory.Total / 1024:F1} GB"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cpu: busiest mosquitto {brokerShare * 100:F0}% of one core over the {connectWall:F1} s connect (peak {watch.BrokerPeakCpu * 100:F0}% in a 2 s window); fleet processes {childCpu:F0} s CPU in all; machine {machineBusy * 100:F0}% busy over the connect ({Environment.ProcessorCount} cores, other work included); load average max {watch.MaxLoad:F1}, now {ProcReadings.LoadAverages()}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hold: {(allOnline < 0 ? "skipped (not all online)" : $"{holdWall:F0} s, $SYS connected at least {(holdMin == int.MaxValue ? "unknown" : holdMin.ToString(CultureInfo.InvariantCulture))} of {opt.Devices}, Wills (offline) while running {offlineDuringRun}")}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stop: fleet processes gone {stopped:F1} s after SIGINT; within {willsAt:F1} s mosquitto had sent the Will (offline) of {wills} devices ({online} had said online by then; a device whose CONNECT was accepted has its Will sent even if it never got as far as online)"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"failures: never online {missing}; processes that exited before the stop without all connected {exitedEarly}; device stderr lines while running {children.Sum(c => c.ErrorLines)}{Causes(Merge(children))}"));
        o.WriteLine("limited by: " + Verdict(opt, missing, allOnline, brokerFiles, brokerLimits, sourcePorts, brokerShare, watch.BrokerPeakCpu, machineBusy, watch, children, memory.Total, brokerPeakSum, limit));
        o.WriteLine($"reproduce: {opt.Command} (Release: dotnet run -c Release --no-build --project simulator/Accessory.Simulator.Cli -- bench fleet-scale ...; as root for the raised descriptor limit)");
        o.Flush();
        return missing == 0 && unexpected == 0 ? 0 : 1;
    }

    private static string FleetFile(FleetScaleOptions opt) => string.Create(CultureInfo.InvariantCulture,
        $"name: fleet-scale\nstart_rate: {opt.StartRate}\ngroups:\n  - name: scale\n    count: {opt.PerProcess}\n    telemetry: {(opt.TelemetrySeconds == 0 ? "{ every: off }" : $"{{ every: {opt.TelemetrySeconds}s, jitter: 20% }}")}\n    reconnect: {{ base: 1s, cap: 30s }}\n");

    private static string Before(string line, string marker)
    {
        int cut = line.IndexOf(marker, StringComparison.Ordinal);
        return cut > 0 ? line[..cut] : line;
    }

    private static Dictionary<string, int> Merge(IEnumerable<FleetScaleChild> children)
    {
        var all = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (cause, n) in children.SelectMany(c => c.Causes))
        {
            all[cause] = all.GetValueOrDefault(cause) + n;
        }

        return all;
    }

    private static string Causes(IReadOnlyDictionary<string, int> causes) =>
        causes.Count == 0 ? string.Empty : " (" + string.Join(", ", causes.OrderByDescending(c => c.Value).Select(c => $"{c.Key}: {c.Value}")) + ")";

    private static string Verdict(FleetScaleOptions opt, int missing, double allOnline, List<int> brokerFiles, List<long> brokerLimits, int sourcePorts,
        double brokerShare, double brokerPeak, double machineBusy, Watch watch, IReadOnlyList<FleetScaleChild> children, double memoryTotal, double brokerPeakRss, long limit)
    {
        var causes = Merge(children);
        var said = new List<string>();
        if (missing > 0)
        {
            for (int b = 0; b < brokerFiles.Count; b++)
            {
                if (brokerLimits[b] > 0 && brokerFiles[b] >= brokerLimits[b] - ScaleLimits.BrokerOverhead)
                {
                    said.Add($"file descriptors: mosquitto {b} holds {brokerFiles[b]} of its {brokerLimits[b]} (one per client), so it accepts no more");
                }
            }

            if (opt.PerProcess > sourcePorts || causes.Keys.Any(k => k.StartsWith("source ports", StringComparison.Ordinal)))
            {
                said.Add($"loopback source ports: {opt.PerProcess} connections to one listener, {sourcePorts} source ports per destination");
            }

            if (opt.PerProcess + ScaleLimits.FleetOverhead > limit)
            {
                said.Add($"file descriptors in the fleet processes: {opt.PerProcess} devices each, limit {limit}");
            }

            if (watch.MinAvailable < memoryTotal * 0.05)
            {
                said.Add($"memory: {watch.MinAvailable:F0} MB available at the lowest");
            }

            if (said.Count == 0)
            {
                double connectSeconds = Math.Max(1, children.Max(c => c.AllConnectedAt < 0 ? opt.ConnectTimeoutSeconds : c.AllConnectedAt - c.StartedAt));
                said.Add(string.Create(CultureInfo.InvariantCulture,
                    $"no exhausted limit found: {missing} never online within {opt.ConnectTimeoutSeconds} s while the machine was {machineBusy * 100:F0}% busy (load average up to {watch.MaxLoad:F1}, other work included), the busiest mosquitto used {brokerShare * 100:F0}% of one core and each fleet process got {children.Average(c => c.CpuMilliseconds) / 1000:F0} s of CPU in {connectSeconds:F0} s ({children.Average(c => c.CpuMilliseconds) / 10 / connectSeconds:F0}% of one core): CPU starvation of the device processes (their connects time out and retry: see the failures above)"));
            }

            return string.Join("; ", said);
        }

        // All online: what set the time it took.
        double pacing = opt.StartRate == 0 ? 0 : opt.PerProcess / (double)opt.StartRate;
        if (pacing > 0 && allOnline < pacing * 1.25)
        {
            said.Add($"the start rate ({opt.StartRate}/s per process paces {opt.PerProcess} devices over {pacing:F0} s; all online at {allOnline:F1} s)");
        }
        else
        {
            if (brokerPeak >= 0.9 || brokerShare >= 0.8)
            {
                said.Add($"a broker's single thread (busiest mosquitto at {brokerShare * 100:F0}% of one core over the connect, {brokerPeak * 100:F0}% at peak)");
            }

            if (machineBusy >= 0.85)
            {
                said.Add($"CPU: the machine's {Environment.ProcessorCount} cores were {machineBusy * 100:F0}% busy over the connect (load average up to {watch.MaxLoad:F1}, other work included)");
            }

            if (said.Count == 0)
            {
                said.Add($"none saturated: busiest broker {brokerShare * 100:F0}% of one core, machine {machineBusy * 100:F0}% busy; the devices' own connect path (Wi-Fi join, then MQTT connect) is the rest");
            }
        }

        double perDevice = (children.Sum(c => c.PeakRssMegabytes) + brokerPeakRss) / opt.Devices;
        said.Add(string.Create(CultureInfo.InvariantCulture,
            $"next ceilings on this machine: descriptors {limit} per process (so about {limit - ScaleLimits.BrokerOverhead} clients per mosquitto), source ports {sourcePorts} per listener, memory about {memoryTotal / Math.Max(0.001, perDevice):F0} devices at {perDevice * 1024:F0} KiB each (fleet process and mosquitto together)"));
        return string.Join("; ", said);
    }

    /// <summary>Brokers' CPU and the machine's CPU at one moment, for rates over a phase.</summary>
    private sealed record Sample(double At, double[] BrokerCpuMs, long MachineBusy, long MachineTotal)
    {
        private static readonly Stopwatch Clock = Stopwatch.StartNew();

        public static Sample Take(ScaleBrokers brokers)
        {
            var (busy, total) = ProcReadings.MachineCpu();
            return new Sample(Clock.Elapsed.TotalSeconds, brokers.Brokers.Select(b => ProcessCpu.Milliseconds(b.Pid)).ToArray(), busy, total);
        }

        public double MachineBusyShare(Sample since) =>
            MachineTotal == since.MachineTotal ? 0 : (MachineBusy - since.MachineBusy) / (double)(MachineTotal - since.MachineTotal);
    }

    /// <summary>The live view: samples every tick, prints a progress line every few seconds, keeps peaks and lows.</summary>
    private sealed class Watch(ScaleBrokers brokers, IReadOnlyList<FleetScaleChild> children, int devices, Stopwatch clock, double t0, TextWriter o)
    {
        private Sample _last = Sample.Take(brokers);
        private double _lastPrint = double.MinValue;

        /// <summary>Highest share of one core a mosquitto used between two progress lines.</summary>
        public double BrokerPeakCpu { get; private set; }

        public double MinAvailable { get; private set; } = double.MaxValue;

        public double MaxLoad { get; private set; }

        public void Tick(double progressEvery)
        {
            foreach (var child in children)
            {
                child.Sample();
            }

            MinAvailable = Math.Min(MinAvailable, ProcReadings.Memory().Available);
            MaxLoad = Math.Max(MaxLoad, ProcReadings.LoadAverage());
            double now = clock.Elapsed.TotalSeconds - t0;
            if (now - _lastPrint < progressEvery)
            {
                return;
            }

            var sample = Sample.Take(brokers);
            double wall = Math.Max(0.001, sample.At - _last.At);
            double brokerCpu = sample.BrokerCpuMs.Select((ms, i) => (ms - _last.BrokerCpuMs[i]) / 1000 / wall).Max();
            if (wall >= 1)
            {
                BrokerPeakCpu = Math.Max(BrokerPeakCpu, brokerCpu);
            }

            double machine = sample.MachineBusyShare(_last);
            _last = sample;
            _lastPrint = now;
            double rss = brokers.Brokers.Sum(b => ProcReadings.RssMegabytes(b.Pid) ?? 0);
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{now,7:F1} s: mosquitto sees {Math.Max(0, brokers.Clients)} connected, {brokers.Online}/{devices} said online; processes connected {string.Join(" ", children.Select(c => c.Connected))} (started {children.Sum(c => c.StartedDevices)}); busiest mosquitto CPU {brokerCpu * 100:F0}%, mosquitto RSS {rss:F0} MB; machine CPU {machine * 100:F0}%, load {ProcReadings.LoadAverage():F1}"));
            o.Flush();
        }
    }
}
