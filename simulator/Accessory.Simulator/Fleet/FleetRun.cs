using Accessory.Core.Ports;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Mqtt;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Radio;

namespace Accessory.Simulator.Fleet;

/// <summary>
/// A running fleet: its devices (created up front, started at the spec's rate), the faults its groups ask for,
/// the embedded broker when asked for one, and a snapshot of all of it on demand. Dispose powers every device off.
/// </summary>
public sealed class FleetRun : IAsyncDisposable
{
    private readonly FleetSpec _spec;
    private readonly SystemClock _clock = new();
    private readonly IRandom _random = new CryptoRandom();
    private readonly List<Timer> _faultTimers = [];
    private readonly EmbeddedBroker? _embedded;
    private FleetMdns? _mdns;
    private readonly object _gate = new();
    private int _started;
    private long _wifiLosses;
    private long _brokerCuts;
    private bool _disposed;

    private readonly List<FleetDevice> _devices;
    private readonly List<FleetLocalApiGroup> _localApis = [];
    private string? _localApiFolder;

    private FleetRun(FleetSpec spec, BrokerUri broker, EmbeddedBroker? embedded, int firstIndex)
    {
        _spec = spec;
        _devices = new List<FleetDevice>(spec.TotalDevices);
        Broker = broker;
        _embedded = embedded;
        FirstIndex = firstIndex;
    }

    public IReadOnlyList<FleetDevice> Devices => _devices;

    public BrokerUri Broker { get; }

    public int FirstIndex { get; }

    public FleetSpec Spec => _spec;

    public int Started => Volatile.Read(ref _started);

    /// <summary>The shared mDNS advertiser of every device whose group does not say `mdns: false`, when the fleet was created with one.</summary>
    public FleetMdns? Mdns => _mdns;

    /// <summary>The shared part (certificate, TLS context) of every group that serves the local API.</summary>
    public IReadOnlyList<FleetLocalApiGroup> LocalApis => _localApis;

    /// <summary>
    /// Builds every device of <paramref name="spec"/> (ids from <paramref name="firstIndex"/> on) without starting
    /// them. An embedded broker URI starts one broker on loopback that every device of the fleet shares; with
    /// <paramref name="mdns"/> every device is advertised through one shared responder on that interface, except
    /// the devices of groups with `mdns: false`.
    /// </summary>
    public static async Task<FleetRun> CreateAsync(FleetSpec spec, BrokerUri broker, FleetLog log, int firstIndex = 0, MqttTlsFiles? tls = null, SharedAdvertiserOptions? mdns = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(log);
        if (spec.TotalDevices < 1 || spec.TotalDevices > FleetSpec.MaxDevices)
        {
            throw new ArgumentException($"a fleet has 1 to {FleetSpec.MaxDevices} devices per process, not {spec.TotalDevices}");
        }

        if (firstIndex < 0 || (long)firstIndex + spec.TotalDevices > int.MaxValue)
        {
            throw new ArgumentException($"the first device index must be 0 or more and leave room for {spec.TotalDevices} devices");
        }

        EmbeddedBroker? embedded = null;
        if (broker.Kind == BrokerUriKind.Embedded)
        {
            embedded = new EmbeddedBroker(broker.Port);
            await embedded.StartAsync().ConfigureAwait(false);
            broker = embedded.Uri;
        }

        var environment = RadioEnvironment.LoadDefault().WithTiming(TimingModel.Fast);
        var store = new FleetSettingsStore();
        var run = new FleetRun(spec, broker, embedded, firstIndex);

        // One window for the whole fleet: its devices share one process and one broker accept queue (see ConnectWindow).
        var window = new ConnectWindow();
        int index = firstIndex;
        try
        {
            foreach (var group in spec.Groups)
            {
                FleetLocalApiGroup? api = null;
                if (group.LocalApi is { } apiSpec)
                {
                    run._localApiFolder ??= Directory.CreateTempSubdirectory("accessory-fleet-").FullName;
                    api = FleetLocalApiGroup.Create(group, apiSpec, run._localApiFolder, log.For("api"));
                    run._localApis.Add(api);
                }

                for (int i = 0; i < group.Count; i++, index++)
                {
                    run._devices.Add(new FleetDevice(index, group, store, environment, run._clock, run._random, log.For(FleetDevice.DeviceIdOf(index)), broker, tls, group.Provisioning?.PortOf(i) ?? 0, window, api, group.LocalApi?.PortOf(i) ?? 0));
                }
            }
        }
        catch (FleetPortException)
        {
            // Release the ports already bound and the broker, so the caller can report and exit cleanly.
            await run.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (mdns != null)
        {
            try
            {
                // A group with `mdns: false` stays off the LAN: its devices get no instance, host name or records.
                var advertised = run._devices.Where(d => d.Group.Advertised).ToList();
                run._mdns = FleetMdns.Open(mdns, advertised, run._clock, run._random, log.For("mdns"));
            }
            catch
            {
                await run.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return run;
    }

    /// <summary>Starts the devices at the spec's rate and the groups' fault schedules; returns once all have started.</summary>
    public async Task StartAsync(CancellationToken cancellation)
    {
        foreach (var (group, fault) in _spec.Groups.SelectMany(g => g.Faults.Select(f => (g, f))))
        {
            var members = Devices.Where(d => ReferenceEquals(d.Group, group)).ToArray();
            var timer = new Timer(_ => Inject(members, fault), null, fault.Every, fault.Every);
            lock (_gate)
            {
                _faultTimers.Add(timer);
            }
        }

        _mdns?.Start();
        int rate = _spec.StartRate;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < Devices.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (rate > 0)
            {
                // Paced in steps of 10 ms: a whole fleet starting in the same millisecond is a SYN flood, not a fleet.
                var due = TimeSpan.FromSeconds(i / (double)rate);
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(10))
                {
                    await Task.Delay(wait, cancellation).ConfigureAwait(false);
                }
            }

            Devices[i].Start();
            Interlocked.Increment(ref _started);
        }
    }

    public FleetSnapshot Snapshot()
    {
        int connected = 0, ever = 0, failing = 0, queued = 0, unprovisioned = 0;
        long failures = 0, reconnects = 0, telemetry = 0, acked = 0, dropped = 0, commands = 0;
        var firstConnects = new List<long>(Devices.Count);
        foreach (var d in Devices)
        {
            if (d.IsConnected)
            {
                connected++;
            }

            long first = d.MillisecondsToFirstConnect;
            if (first >= 0)
            {
                ever++;
                firstConnects.Add(first);
            }
            else if (d.ConnectFailures > 0)
            {
                failing++;
            }

            if (d.Provisioning is { Provisioned: false })
            {
                unprovisioned++;
            }

            failures += d.ConnectFailures;
            reconnects += d.Cloud.Reconnects;
            telemetry += d.TelemetrySent;
            acked += d.Cloud.Acknowledged;
            dropped += d.Cloud.Dropped;
            queued += d.Cloud.Queued;
            commands += d.CommandsExecuted;
        }

        firstConnects.Sort();
        return new FleetSnapshot
        {
            Devices = Devices.Count,
            Started = Started,
            Connected = connected,
            EverConnected = ever,
            Failing = failing,
            ConnectFailures = failures,
            Reconnects = reconnects,
            TelemetrySent = telemetry,
            Acknowledged = acked,
            Dropped = dropped,
            Queued = queued,
            Commands = commands,
            WifiLosses = Interlocked.Read(ref _wifiLosses),
            BrokerCuts = Interlocked.Read(ref _brokerCuts),
            FirstConnectP50 = Percentile(firstConnects, 0.50),
            FirstConnectP99 = Percentile(firstConnects, 0.99),
            FirstConnectMax = firstConnects.Count == 0 ? -1 : firstConnects[^1],
            Unprovisioned = unprovisioned,
        };
    }

    /// <summary>Applies <paramref name="fault"/> now to its share of <paramref name="members"/>, chosen at random; returns the devices it hit.</summary>
    public IReadOnlyList<FleetDevice> Inject(IReadOnlyList<FleetDevice> members, FleetFault fault)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            if (_disposed)
            {
                return [];
            }
        }

        int take = (int)Math.Round(members.Count * fault.Share, MidpointRounding.AwayFromZero);
        var chosen = members.OrderBy(_ => Random.Shared.Next()).Take(take);
        var applied = new List<FleetDevice>();
        foreach (var device in chosen)
        {
            if (fault.Kind == FleetFaultKind.WifiLoss)
            {
                if (device.LoseWifi(fault.Duration))
                {
                    applied.Add(device);
                    Interlocked.Increment(ref _wifiLosses);
                }
            }
            else
            {
                device.CutBroker(fault.Duration);
                applied.Add(device);
                Interlocked.Increment(ref _brokerCuts);
            }
        }

        return applied;
    }

    public async ValueTask DisposeAsync()
    {
        Timer[] timers;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            timers = [.. _faultTimers];
            _faultTimers.Clear();
        }

        foreach (var timer in timers)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        // Goodbyes first: a phone drops the instances at once, before the devices' power-off changes their TXT.
        _mdns?.Dispose();
        foreach (var device in Devices)
        {
            device.PowerOff();
        }

        _clock.Stop();
        foreach (var api in _localApis)
        {
            api.Dispose();
        }

        if (_localApiFolder != null)
        {
            try
            {
                Directory.Delete(_localApiFolder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left behind; created private (0700) by CreateTempSubdirectory.
            }
        }

        if (_embedded != null)
        {
            await _embedded.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static long Percentile(List<long> sorted, double p) =>
        sorted.Count == 0 ? -1 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
