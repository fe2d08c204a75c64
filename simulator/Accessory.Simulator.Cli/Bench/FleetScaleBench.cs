using System.Diagnostics;
using System.Globalization;
using Accessory.Simulator.Fleet;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>What `bench fleet-scale` runs; <see cref="Problem"/> says what is wrong with it, before anything starts.</summary>
internal sealed record FleetScaleOptions(int Devices, int Processes, int Listeners, int StartRate, int TelemetrySeconds, int HoldSeconds, int ConnectTimeoutSeconds, bool KeepFdLimit)
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

        if (Listeners < 1 || Listeners > Processes)
        {
            return $"--listeners must be 1..{Processes} (at most one per process), not {Listeners}";
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
        $"accessory-sim bench fleet-scale --devices {Devices} --processes {Processes} --listeners {Listeners} --start-rate {StartRate} --telemetry-s {TelemetrySeconds} --hold-s {HoldSeconds} --connect-timeout-s {ConnectTimeoutSeconds}{(KeepFdLimit ? " --keep-fd-limit" : string.Empty)}");

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
/// `accessory-sim bench fleet-scale`: many devices on this machine across several `fleet --slice K` processes, all
/// against one mosquitto the bench starts with one loopback listener per process (each listener is its own
/// destination, so the ~28,000 local source ports apply per process, not to the whole run) and, as root, a raised
/// descriptor limit. Shows live progress, then time until all connected, per-process peak RSS, mosquitto RSS and
/// CPU, failures and what limited the run, all judged by what mosquitto saw ($SYS and each device's availability).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class FleetScaleBench
{
    public static async Task<int> RunAsync(FleetScaleOptions options, TextWriter o, CancellationToken cancel)
    {
        using var cleanup = new ScaleCleanup();
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

    private static async Task<int> RunAsync(FleetScaleOptions opt, ScaleCleanup cleanup, TextWriter o, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        int per = opt.PerProcess;
        var (low, high) = ProcReadings.LocalPortRange();
        int sourcePorts = high - low + 1;
        int perListener = (opt.Processes + opt.Listeners - 1) / opt.Listeners * per;
        var connectWait = TimeSpan.FromSeconds(opt.ConnectTimeoutSeconds);

        // The fleet processes end by themselves after this even if the bench is killed; mosquitto a little later.
        var childDuration = connectWait + TimeSpan.FromSeconds(opt.HoldSeconds + 120);
        var bound = childDuration + TimeSpan.FromSeconds(180);
        var memory = ProcReadings.Memory();
        o.WriteLine($"workload: {opt.Devices} fleet devices (core AccessoryDevice + CloudLink + own MQTTnet connection each) in {opt.Processes} `accessory-sim fleet --slice K` processes of {per}, start rate {(opt.StartRate == 0 ? "unlimited" : opt.StartRate + "/s")} per process, telemetry {(opt.TelemetrySeconds == 0 ? "off" : $"QoS 1 every {opt.TelemetrySeconds} s +-20%")}, against one mosquitto 2 started by the bench; hold {opt.HoldSeconds} s once all are connected");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"machine: {Environment.ProcessorCount} cores, memory {memory.Total / 1024:F1} GB ({memory.Available / 1024:F1} GB available), load average {ProcReadings.LoadAverages()}"));
        o.WriteLine("descriptors: " + ScaleLimits.Prepare(opt.Devices + ScaleLimits.BrokerOverhead, opt.KeepFdLimit));
        o.WriteLine($"ports: ip_local_port_range {low}-{high} gives {sourcePorts} source ports per destination (address and port); {opt.Listeners} mosquitto listener(s), {perListener} connections on the busiest: {(perListener <= sourcePorts ? "enough" : $"NOT enough: about {sourcePorts} can connect through it")}");
        o.Flush();

        ScaleMosquitto broker;
        try
        {
            broker = new ScaleMosquitto(opt.Listeners, bound);
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        cleanup.Broker = broker;
        o.WriteLine($"broker: mosquitto pid {broker.Pid} (inside `timeout`, ends by itself after {bound.TotalSeconds:F0} s), listeners {string.Join(", ", broker.Ports.Select(p => "127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture)))}, its open files limit {ProcReadings.MaxOpenFiles(broker.Pid)?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}");
        var observer = new ScaleObserver(broker.Ports[0], bound);
        cleanup.Observer = observer;
        var ready = Stopwatch.StartNew();
        while (observer.Clients < 1)
        {
            if (ready.Elapsed > TimeSpan.FromSeconds(15))
            {
                await Console.Error.WriteLineAsync("error: mosquitto_sub saw no $SYS/broker/clients/connected within 15 s; mosquitto: " + string.Join(" | ", broker.Log)).ConfigureAwait(false);
                return 1;
            }

            await Task.Delay(50, cancel).ConfigureAwait(false);
        }

        string folder = Directory.CreateTempSubdirectory("accessory-fleet-scale-file").FullName;
        cleanup.Folder = folder;
        string fleetFile = Path.Combine(folder, "fleet-scale.yaml");
        await File.WriteAllTextAsync(fleetFile, FleetFile(opt), cancel).ConfigureAwait(false);

        var before = Sample.Take(broker.Pid);
        var children = new List<FleetScaleChild>();
        double t0 = clock.Elapsed.TotalSeconds;
        for (int k = 0; k < opt.Processes; k++)
        {
            int port = broker.Ports[k % opt.Listeners];
            var child = new FleetScaleChild(k, per, fleetFile, "mqtt://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), childDuration, clock);
            cleanup.Add(child);
            children.Add(child);
        }

        o.WriteLine($"processes: slice 0: accessory-sim {string.Join(' ', children[0].Arguments)} (pid {children[0].Pid}); slices 1..{opt.Processes - 1} the same with --slice K on listener K mod {opt.Listeners}; fleet file: {FleetFile(opt).Replace('\n', ' ').Trim()}");
        o.Flush();

        // Connect: until mosquitto has seen every device say "online", the wait runs out, or every process ended.
        var expected = Enumerable.Range(0, opt.Devices).Select(FleetDevice.DeviceIdOf).ToHashSet(StringComparer.Ordinal);
        var watch = new Watch(broker, observer, children, opt.Devices, clock, t0, o);
        double allOnline = -1;
        double brokerSawAll = -1;
        while (clock.Elapsed.TotalSeconds - t0 < connectWait.TotalSeconds)
        {
            await Task.Delay(500, cancel).ConfigureAwait(false);
            watch.Tick(progressEvery: 2);
            if (brokerSawAll < 0 && observer.Clients - 1 >= opt.Devices)
            {
                brokerSawAll = clock.Elapsed.TotalSeconds - t0;
            }

            if (observer.Online >= opt.Devices)
            {
                allOnline = clock.Elapsed.TotalSeconds - t0;
                break;
            }

            if (children.All(c => c.HasExited) || broker.HasExited)
            {
                break;
            }
        }

        // Children print their "all connected" line within a second of it; give them that second.
        await Task.Delay(1500, cancel).ConfigureAwait(false);
        watch.Tick(progressEvery: 0);
        var connected = Sample.Take(broker.Pid);
        int? brokerFiles = ProcReadings.OpenFiles(broker.Pid);
        double connectWall = connected.At - before.At;

        // Hold: do they stay connected (keep-alive, telemetry) with the machine this loaded?
        int holdMin = int.MaxValue;
        var holdEnd = clock.Elapsed + TimeSpan.FromSeconds(allOnline >= 0 ? opt.HoldSeconds : 0);
        while (clock.Elapsed < holdEnd)
        {
            await Task.Delay(1000, cancel).ConfigureAwait(false);
            watch.Tick(progressEvery: 10);
            if (observer.Clients >= 0)
            {
                holdMin = Math.Min(holdMin, observer.Clients - 1);
            }

            if (observer.Offline > 0 && children.Any(c => c.HasExited))
            {
                break;
            }
        }

        watch.Tick(progressEvery: 0);
        var held = Sample.Take(broker.Pid);
        double brokerPeak = ProcReadings.PeakRssMegabytes(broker.Pid) ?? watch.BrokerPeakRss;
        int offlineDuringRun = observer.Offline;
        int missing = observer.MissingOnline(expected);
        int unexpected = observer.Unexpected(expected);

        // Stop: SIGINT; each process powers its devices off, so mosquitto sends every device's Will.
        var stopClock = Stopwatch.StartNew();
        cleanup.StopChildren(TimeSpan.FromSeconds(90));
        double stopped = stopClock.Elapsed.TotalSeconds;
        int online = observer.Online;
        while (observer.Offline < online && stopClock.Elapsed < TimeSpan.FromSeconds(stopped + 30))
        {
            await Task.Delay(250, cancel).ConfigureAwait(false);
        }

        double willsAt = stopClock.Elapsed.TotalSeconds;
        int wills = observer.Offline;

        o.WriteLine();
        o.WriteLine("processes:");
        foreach (var c in children)
        {
            string summary = c.Summary is { } s ? Before(s, "; telemetry") : $"no summary (exit {c.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"})";
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  slice {c.Slice} (ids {FleetDevice.DeviceIdOf(c.Slice * per)}..{FleetDevice.DeviceIdOf((c.Slice * per) + per - 1)}): {(c.AllConnectedAt >= 0 ? $"all {per} connected {c.AllConnectedAt - c.StartedAt:F1} s after its start" : "NOT all connected")}; peak RSS {c.PeakRssMegabytes:F0} MB ({c.PeakRssMegabytes * 1024 / per:F1} KiB per device); CPU {c.CpuMilliseconds / 1000:F0} s; stderr lines while running {c.ErrorLines}{Causes(c.Causes)}{(c.ErrorLines > 0 ? $" (first: {c.Errors[0]})" : string.Empty)}; {summary}"));
        }

        double sumPeak = children.Sum(c => c.PeakRssMegabytes);
        double brokerCpuConnect = (connected.BrokerCpuMs - before.BrokerCpuMs) / 1000;
        double brokerCpuHold = (held.BrokerCpuMs - connected.BrokerCpuMs) / 1000;
        double holdWall = held.At - connected.At;
        double machineBusy = connected.MachineBusyShare(before);
        double childCpu = children.Sum(c => c.CpuMilliseconds) / 1000;
        o.WriteLine();
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"result: {opt.Devices - missing}/{opt.Devices} devices announced online to mosquitto (distinct ids on accessory/+/availability, seen by mosquitto_sub){(unexpected > 0 ? $", and {unexpected} ids outside the slices" : string.Empty)}; $SYS clients connected peak {Math.Max(0, observer.PeakClients - 1)} (the observer not counted)"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"connect: all online {(allOnline >= 0 ? $"{allOnline:F1} s" : "NOT within the wait")} after the first process started (mosquitto's $SYS count reached {opt.Devices} at {(brokerSawAll >= 0 ? $"{brokerSawAll:F1} s" : "never")}; processes said all connected at {string.Join(", ", children.Select(c => c.AllConnectedAt >= 0 ? (c.AllConnectedAt - t0).ToString("F1", CultureInfo.InvariantCulture) : "-"))} s)"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory: fleet processes peak RSS {string.Join(", ", children.Select(c => c.PeakRssMegabytes.ToString("F0", CultureInfo.InvariantCulture)))} MB (sum {sumPeak:F0} MB, {sumPeak * 1024 / opt.Devices:F1} KiB per device); mosquitto peak RSS {brokerPeak:F0} MB ({brokerPeak * 1024 / Math.Max(1, opt.Devices):F1} KiB per connection); machine memory available min {watch.MinAvailable / 1024:F1} GB of {memory.Total / 1024:F1} GB"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cpu: mosquitto {brokerCpuConnect:F1} s CPU over the {connectWall:F1} s connect ({brokerCpuConnect / Math.Max(0.001, connectWall) * 100:F0}% of one core; peak {watch.BrokerPeakCpu * 100:F0}% in a 2 s window), {brokerCpuHold:F1} s over the {holdWall:F0} s hold; fleet processes {childCpu:F0} s CPU in all; machine {machineBusy * 100:F0}% busy over the connect ({Environment.ProcessorCount} cores, other work included); load average max {watch.MaxLoad:F1}, now {ProcReadings.LoadAverages()}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hold: {(allOnline < 0 ? "skipped (not all connected)" : $"{holdWall:F0} s, mosquitto's connected count at least {(holdMin == int.MaxValue ? "unknown" : holdMin.ToString(CultureInfo.InvariantCulture))} of {opt.Devices}, Wills (offline) while running {offlineDuringRun}")}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stop: fleet processes gone {stopped:F1} s after SIGINT; mosquitto sent the Will of {wills} of the {online} devices that had been online within {willsAt:F1} s"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"failures: never online {missing}; processes that exited early {children.Count(c => c.ExitCode is not null && c.AllConnectedAt < 0)}; device stderr lines {children.Sum(c => c.ErrorLines)}{Causes(Merge(children))}; mosquitto log lines {broker.LogLines}{(broker.LogLines > 0 ? ": " + string.Join(" | ", broker.Log.Take(3)) : string.Empty)}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"descriptors: mosquitto held {brokerFiles?.ToString(CultureInfo.InvariantCulture) ?? "?"} open files of its limit {ProcReadings.MaxOpenFiles(broker.Pid)?.ToString(CultureInfo.InvariantCulture) ?? "?"} after the connect"));
        o.WriteLine("limited by: " + Verdict(opt, missing, allOnline, brokerFiles, ProcReadings.MaxOpenFiles(broker.Pid), perListener, sourcePorts, brokerCpuConnect / Math.Max(0.001, connectWall), watch.BrokerPeakCpu, machineBusy, watch, children, memory.Total, brokerPeak));
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

    private static string Verdict(FleetScaleOptions opt, int missing, double allOnline, int? brokerFiles, long? brokerLimit, int perListener, int sourcePorts,
        double brokerShare, double brokerPeak, double machineBusy, Watch watch, IReadOnlyList<FleetScaleChild> children, double memoryTotal, double brokerPeakRss)
    {
        var causes = Merge(children);
        var said = new List<string>();
        if (missing > 0)
        {
            if (brokerFiles is int f && brokerLimit is long l && f >= l - ScaleLimits.BrokerOverhead)
            {
                said.Add($"file descriptors: mosquitto holds {f} of its {l} (one per client), so it accepts no more");
            }

            if (perListener > sourcePorts || causes.Keys.Any(k => k.StartsWith("source ports", StringComparison.Ordinal)))
            {
                said.Add($"loopback source ports: {perListener} connections to one listener, {sourcePorts} source ports per destination");
            }

            if (watch.MinAvailable < memoryTotal * 0.05)
            {
                said.Add($"memory: {watch.MinAvailable:F0} MB available at the lowest");
            }

            if (said.Count == 0)
            {
                said.Add($"not found from the evidence above: {missing} never online within {opt.ConnectTimeoutSeconds} s; broker CPU {brokerShare * 100:F0}% of one core, machine {machineBusy * 100:F0}% busy");
            }

            return string.Join("; ", said);
        }

        // All connected: what set the time it took.
        double pacing = opt.StartRate == 0 ? 0 : opt.PerProcess / (double)opt.StartRate;
        if (pacing > 0 && allOnline < pacing * 1.25)
        {
            said.Add($"the start rate ({opt.StartRate}/s per process paces {opt.PerProcess} devices over {pacing:F0} s; all online at {allOnline:F1} s)");
        }
        else
        {
            if (brokerPeak >= 0.9 || brokerShare >= 0.8)
            {
                said.Add($"the broker's single thread (mosquitto at {brokerShare * 100:F0}% of one core over the connect, {brokerPeak * 100:F0}% at peak)");
            }

            if (machineBusy >= 0.85)
            {
                said.Add($"CPU: the machine's {Environment.ProcessorCount} cores were {machineBusy * 100:F0}% busy over the connect (load average up to {watch.MaxLoad:F1}, other work included)");
            }

            if (said.Count == 0)
            {
                said.Add($"none saturated: broker {brokerShare * 100:F0}% of one core, machine {machineBusy * 100:F0}% busy; the devices' own connect path (Wi-Fi join, then MQTT connect) is the rest");
            }
        }

        long nrOpen = ProcReadings.ReadNumber("/proc/sys/fs/nr_open") ?? 0;
        double perDevice = (children.Sum(c => c.PeakRssMegabytes) + brokerPeakRss) / opt.Devices;
        said.Add(string.Create(CultureInfo.InvariantCulture,
            $"next ceilings on this machine: descriptors {(ScaleLimits.IsRoot ? $"fs.nr_open {nrOpen} per process (mosquitto holds one per device)" : "the hard limit (not root)")}, source ports {sourcePorts} per listener, memory about {memoryTotal / Math.Max(0.001, perDevice):F0} devices at {perDevice * 1024:F0} KiB each (fleet process and mosquitto together)"));
        return string.Join("; ", said);
    }

    /// <summary>Broker CPU and machine CPU at one moment, for rates over a phase.</summary>
    private sealed record Sample(double At, double BrokerCpuMs, long MachineBusy, long MachineTotal)
    {
        private static readonly Stopwatch Clock = Stopwatch.StartNew();

        public static Sample Take(int brokerPid)
        {
            var (busy, total) = ProcReadings.MachineCpu();
            return new Sample(Clock.Elapsed.TotalSeconds, ProcessCpu.Milliseconds(brokerPid), busy, total);
        }

        public double MachineBusyShare(Sample since) =>
            MachineTotal == since.MachineTotal ? 0 : (MachineBusy - since.MachineBusy) / (double)(MachineTotal - since.MachineTotal);
    }

    /// <summary>The live view: samples every tick, prints a progress line every few seconds, keeps peaks and lows.</summary>
    private sealed class Watch(ScaleMosquitto broker, ScaleObserver observer, IReadOnlyList<FleetScaleChild> children, int devices, Stopwatch clock, double t0, TextWriter o)
    {
        private Sample _last = Sample.Take(broker.Pid);
        private double _lastPrint = double.MinValue;

        public double BrokerPeakRss { get; private set; }

        /// <summary>Highest share of one core mosquitto used between two progress lines.</summary>
        public double BrokerPeakCpu { get; private set; }

        public double MinAvailable { get; private set; } = double.MaxValue;

        public double MaxLoad { get; private set; }

        public void Tick(double progressEvery)
        {
            foreach (var child in children)
            {
                child.Sample();
            }

            BrokerPeakRss = Math.Max(BrokerPeakRss, ProcReadings.RssMegabytes(broker.Pid) ?? 0);
            MinAvailable = Math.Min(MinAvailable, ProcReadings.Memory().Available);
            MaxLoad = Math.Max(MaxLoad, ProcReadings.LoadAverage());
            double now = clock.Elapsed.TotalSeconds - t0;
            if (now - _lastPrint < progressEvery)
            {
                return;
            }

            var sample = Sample.Take(broker.Pid);
            double wall = Math.Max(0.001, sample.At - _last.At);
            double brokerCpu = (sample.BrokerCpuMs - _last.BrokerCpuMs) / 1000 / wall;
            if (wall >= 1)
            {
                BrokerPeakCpu = Math.Max(BrokerPeakCpu, brokerCpu);
            }

            double machine = sample.MachineBusyShare(_last);
            _last = sample;
            _lastPrint = now;
            int clients = observer.Clients - 1;
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{now,7:F1} s: mosquitto sees {Math.Max(0, clients)} connected, {observer.Online}/{devices} said online; processes connected {string.Join(" ", children.Select(c => c.Connected))} (started {children.Sum(c => c.StartedDevices)}); mosquitto CPU {brokerCpu * 100:F0}% RSS {ProcReadings.RssMegabytes(broker.Pid) ?? 0:F0} MB; machine CPU {machine * 100:F0}%, load {ProcReadings.LoadAverage():F1}"));
            o.Flush();
        }
    }
}
