using System.Net;
using System.Net.Sockets;
using Accessory.Core.Device;
using Accessory.Simulator.Dashboard;
using Accessory.Simulator.Events;
using Accessory.Simulator.Faults;
using Accessory.Simulator.Net;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Provisioning;
using Accessory.Simulator.Radio;
using Microsoft.Extensions.Logging;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>
/// Target `simulator`: an in-process simulated device on a fresh data folder, free ports and an embedded broker,
/// whose state changes and fault switches are recorded as wire lines for the report.
/// </summary>
internal sealed class SimulatorTarget : IScenarioTarget
{
    private readonly string _dataDirectory;
    private readonly ILoggerFactory _loggers;
    private readonly LanSegment? _lan;
    private QaMosquitto? _mosquitto;
    private DeviceEventHub? _hub;
    private DeviceDashboard? _dashboard;
    private FaultControlServer? _control;
    private ControlEventFollower? _events;

    /// <summary>The device's control API (GET /status, GET /events, the fault routes) on a free loopback port.</summary>
    public Uri? Control { get; private init; }

    private SimulatedDevice? _device;

    private SimulatorTarget(string dataDirectory, ILoggerFactory loggers, SimulatedDevice device, int brokerPort, LanSegment? lan)
    {
        _dataDirectory = dataDirectory;
        _loggers = loggers;
        _device = device;
        _lan = lan;
        BrokerPort = brokerPort;
    }

    // The simulator's token is read from the device, as a phone that provisioned it holds it.
    public string? ApiToken => _device?.ApiToken.Value;

    public FileInfo? TokenFile => null;

    public NetworkNamespace? PhoneNamespace => _lan?[PhoneRole].Namespace;

    public string? DeviceName => _device?.Name;

    private const string DeviceRole = "dev";
    private const string PhoneRole = "phone";

    public SimulatedDevice Device => _device ?? throw new ObjectDisposedException(nameof(SimulatorTarget));

    public int? BrokerPort { get; }

    public string? BleSocket => Path.Combine(_dataDirectory, "ble.sock");

    public SimulatedDevice? Simulated => _device;

    public Uri? ApiBase => Device.LocalApi is { } api ? new Uri($"https://127.0.0.1:{api.HttpsEndPoint.Port}/") : null;

    public string? PinnedFingerprint
    {
        get => Device.LocalApi?.CertificateFingerprint;
        set { }
    }

    public Uri ProvisioningAddress =>
        Device.Provisioning is { } p ? new Uri($"http://127.0.0.1:{p.EndPoint.Port}/") : throw new StepFailedException("the device offers no SoftAP provisioning now", "provisioning open", DeviceLifecycle.StateName(Device.Lifecycle.State));

    public static async Task<SimulatorTarget> StartAsync(Scenario scenario, MatrixCell cell, Action<TimedLine> record)
    {
        var spec = scenario.Device;
        // mDNS only ever goes out inside a LAN of namespaces made for this case: the device on one host, the phone
        // (the runner's browser) on the other, removed when the case ends however it ends.
        LanSegment? lan = null;
        if (scenario.Steps.Concat(scenario.Steps.SelectMany(s => s.Steps)).Any(s => s.Kind == "discover"))
        {
            if (QaScripts.DiscoverUnavailableReason is { } why)
            {
                throw new InvalidOperationException($"discover steps browse mDNS inside network namespaces the runner creates, and cannot here: {why}");
            }

            lan = LanSegment.Create(DeviceRole, PhoneRole);
            record(new TimedLine(DateTimeOffset.UtcNow, "wire", $"lan: namespaces {string.Join(", ", lan.NamespaceNames)}; device {lan[DeviceRole].IPv4}, phone {lan[PhoneRole].IPv4}"));
        }

        try
        {
            return await StartAsync(spec, cell, record, lan).ConfigureAwait(false);
        }
        catch
        {
            lan?.Dispose();
            throw;
        }
    }

    private static async Task<SimulatorTarget> StartAsync(DeviceSpec spec, MatrixCell cell, Action<TimedLine> record, LanSegment? lan)
    {
        string dataDirectory = Path.Combine(Path.GetTempPath(), "accessory-qa-" + Guid.NewGuid().ToString("N")[..12]);
        // The device's settings hold the Wi-Fi passphrase once provisioned: only this user may read the folder.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataDirectory);
        }
        else
        {
            Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new CaptureLoggerProvider(record)));
        var environment = spec.EnvironmentFile == null ? RadioEnvironment.LoadDefault() : RadioEnvironment.LoadFile(spec.EnvironmentFile);
        environment = environment.WithTiming(spec.Timing == "fast" ? TimingModel.Fast : TimingModel.Realistic);
        var faults = new ActiveFaults();
        faults.SetAll(spec.Faults);
        int brokerPort = FreePort();
        var mosquitto = spec.Cloud && spec.Broker == "mosquitto" ? QaMosquitto.Start(dataDirectory, brokerPort) : null;
        if (mosquitto != null)
        {
            record(new TimedLine(DateTimeOffset.UtcNow, "wire", $"mosquitto: listening on 127.0.0.1:{brokerPort}"));
        }

        var options = new DeviceOptions
        {
            DataDirectory = dataDirectory,
            RadioEnvironment = environment,
            SoftAp = new SoftApOptions
            {
                Security = cell.Security ?? spec.Security,
                ProofOfPossession = spec.Pop,
                Username = spec.Username,
                Password = spec.Password,
                HttpPort = 0,
                AutoStopSeconds = spec.AutoStopSeconds,
            },
            Cloud = spec.Cloud
                ? new Accessory.Simulator.Mqtt.CloudOptions
                {
                    Broker = mosquitto != null ? Accessory.Simulator.Mqtt.BrokerUri.Parse($"mqtt://127.0.0.1:{brokerPort}") : Accessory.Simulator.Mqtt.BrokerUri.Embedded(brokerPort),
                    TelemetryIntervalMilliseconds = (int)spec.Telemetry.TotalMilliseconds,
                    QueueCapacity = spec.MqttQueue,
                }
                : null,
            LocalApi = spec.Api ? new Accessory.Simulator.LocalApi.LocalApiOptions { HttpsPort = 0 } : null,
            Ble = spec.Ble ? new Accessory.Simulator.Ble.BleOptions { ImprovRequiresAuthorization = spec.ImprovAuthorization } : null,
            Faults = faults,
            Name = spec.Name,
            Mdns = lan == null ? null : new Accessory.Simulator.Mdns.AdvertiserOptions
            {
                Transport = new Accessory.Simulator.Mdns.MulticastTransportOptions
                {
                    InterfaceName = lan[DeviceRole].InterfaceName,
                    EnableIPv6 = false,
                    SocketFactory = family => lan[DeviceRole].Namespace.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp),
                },
                Addresses = [lan[DeviceRole].IPv4],
            },
        };
        options.SoftAp.Validate();
        var device = new SimulatedDevice(options, loggers, new CryptoRandom());
        // The device is followed as any outside tool follows it: its control API's /status and /events.
        var hub = new DeviceEventHub();
        var dashboard = DeviceDashboard.Follow(device, hub);
        FaultControlServer? control = null;
        try
        {
            await device.StartAsync().ConfigureAwait(false);
            control = new FaultControlServer(faults, 0);
            control.Start();
            dashboard.Serve(control);
        }
        catch
        {
            if (control != null)
            {
                await control.DisposeAsync().ConfigureAwait(false);
            }

            dashboard.Dispose();
            await device.DisposeAsync().ConfigureAwait(false);
            mosquitto?.Dispose();
            throw;
        }

        var controlBase = new Uri($"http://127.0.0.1:{control.Port}/");
        record(new TimedLine(DateTimeOffset.UtcNow, "wire", $"control API {controlBase} (GET /status, /events)"));
        return new SimulatorTarget(dataDirectory, loggers, device, brokerPort, lan)
        {
            _mosquitto = mosquitto,
            _hub = hub,
            _dashboard = dashboard,
            _control = control,
            Control = controlBase,
            _events = ControlEventFollower.Start(controlBase, record),
        };
    }

    public async Task CatchUpAsync()
    {
        // The hub is only asked for the id of its newest event; what the report shows is what the stream delivered.
        if (_events != null && _hub?.Recent() is { Count: > 0 } recent)
        {
            await _events.CatchUpAsync(recent[^1].Id, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_events != null)
        {
            await _events.DisposeAsync().ConfigureAwait(false);
        }

        if (_control != null)
        {
            await _control.DisposeAsync().ConfigureAwait(false);
        }

        _dashboard?.Dispose();

        // No settling wait: a join still under way cannot complete after this, as the device's clock runs no pending
        // callback once it is disposed.
        if (_device != null)
        {
            await _device.DisposeAsync().ConfigureAwait(false);
            _device = null;
        }

        _lan?.Dispose();
        _mosquitto?.Dispose();

        // The loggers are not disposed: a radio timer of the disposed device may still fire and log (a join completing
        // after the scenario ended), and a disposed LoggerFactory would throw on that timer thread and end the process.
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A socket file still closing: the temp folder is cleaned by the system later; the run's result stands.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
