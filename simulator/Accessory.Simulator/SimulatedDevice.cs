using Accessory.Core.Cloud;
using Accessory.Core.Commands;
using Accessory.Core.Device;
using Accessory.Core.Ports;
using Accessory.Core.Settings;
using Accessory.Core.Wifi;
using Accessory.Simulator.Crypto;
using Accessory.Simulator.Faults;
using Accessory.Simulator.LocalApi;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Mqtt;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Provisioning;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Settings;
using Microsoft.Extensions.Logging;
using LogLevel = Accessory.Core.Ports.LogLevel;

namespace Accessory.Simulator;

/// <summary>
/// One simulated accessory: the core's state machines wired to desktop ports. A device with stored credentials
/// joins its network; an unprovisioned one offers provisioning (SoftAP/HTTP) until a phone has set it up.
/// </summary>
public sealed class SimulatedDevice : IAsyncDisposable, IDisposable
{
    private const string Component = "device";

    // Long enough for a command's HTTP/MQTT/BLE reply to leave before its transport restarts.
    private const int RebootReplyGraceMilliseconds = 200;
    private readonly LoggerLog _log;
    private readonly ILoggerFactory _loggers;
    private readonly IRandom _random;
    private readonly DeviceOptions _options;
    private readonly object _gate = new();
    private SoftApProvisioning? _provisioning;
    private DeviceAdvertiser? _advertiser;
    private DeviceCloud? _cloud;
    private LocalApiServer? _localApi;
    private DeviceFaultHooks? _faultHooks;
    private Accessory.Simulator.Ble.DeviceBle? _ble;
    private Accessory.Simulator.Nan.DeviceNan? _nan;
    private readonly SemaphoreSlim _rebootGate = new(1, 1);
    private Task? _pendingRestart;
    private int? _softApPort;
    private bool _started;

    public SimulatedDevice(DeviceOptions options, ILoggerFactory loggers, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        _options = options;
        _loggers = loggers;
        _random = random;
        _log = new LoggerLog(loggers);
        Store = new FileSettingsStore(options.DataDirectory, _log);
        Environment = options.RadioEnvironment ?? RadioEnvironment.LoadDefault();
        Clock = new SystemClock();
        Radio = new VirtualRadio(Environment, Clock, random);
        // Everything portable about the device is assembled by the core, as on the board.
        Core = new AccessoryDevice(
            new AccessoryDeviceOptions
            {
                Name = options.Name,
                Model = options.LocalApi?.Model ?? "sim-lamp",
                FirmwareVersion = options.LocalApi?.FirmwareVersion ?? "0.1.0",
            },
            Store,
            Radio,
            Clock,
            random,
            _log);
        Lifecycle.StateChanging += OnStateChanging;
        Lifecycle.StateChanged += OnStateChanged;
        Commands.IdentifyRequested += seconds => _log.Write(LogLevel.Information, Component, $"identify: blinking the status LED for {seconds} s");
        Commands.RebootRequested += () => ScheduleRestart("reboot command", factoryReset: false);
        Commands.FactoryResetRequested += FactoryReset;
        Faults = options.Faults ?? new ActiveFaults();
        Button = new Accessory.Simulator.Device.VirtualButton(
            Clock,
            _log,
            Accessory.Simulator.Device.VirtualButton.DefaultHoldMilliseconds,
            () => _ble?.Improv,
            () => Commands.Complete(Commands.Execute(Accessory.Core.Commands.CommandNames.Identify, "{\"seconds\":5}"u8.ToArray())),
            FactoryReset);
    }

    /// <summary>The board's BOOT button, pressed and released by a QA runner or a test.</summary>
    public Accessory.Simulator.Device.VirtualButton Button { get; }

    /// <summary>The portable device object (the same one the firmware builds) this body wires to desktop ports.</summary>
    public AccessoryDevice Core { get; }

    public FileSettingsStore Store { get; }

    public DeviceSettings Settings => Core.Settings;

    public DeviceIdentity Identity => Core.Identity;

    public DeviceLifecycle Lifecycle => Core.Lifecycle;

    public RadioEnvironment Environment { get; }

    public VirtualRadio Radio { get; }

    public SystemClock Clock { get; }

    public StationKeeper Station => Core.Station;

    public string Name => Core.Name;

    /// <summary>The access token of the local API and BLE control; handed out over authenticated provisioning only.</summary>
    public Accessory.Core.LocalApi.AccessToken ApiToken => Core.ApiToken;

    /// <summary>What the embedded broker asks of this device (and of a cloud-side tool that watches it); null otherwise.</summary>
    public BrokerCredentials? BrokerLogin { get; private set; }

    public LampState Lamp => Core.Lamp;

    /// <summary>Commands from every transport (MQTT, local API) run here.</summary>
    public DeviceCommands Commands => Core.Commands;

    /// <summary>Faults applied by this device's transports; set or clear them at any time.</summary>
    public ActiveFaults Faults { get; }

    /// <summary>The BLE side when configured; null otherwise.</summary>
    public Accessory.Simulator.Ble.DeviceBle? Ble => _ble;

    /// <summary>The Wi-Fi Aware side when configured; null otherwise.</summary>
    public Accessory.Simulator.Nan.DeviceNan? Nan => _nan;

    /// <summary>The local control API when configured; null otherwise.</summary>
    public LocalApiServer? LocalApi => _localApi;

    /// <summary>The provisioning transport while the device offers one; null otherwise.</summary>
    public SoftApProvisioning? Provisioning => _provisioning;

    /// <summary>The cloud link while the device has one; null otherwise.</summary>
    public DeviceCloud? Cloud => _cloud;

    /// <summary>The mDNS advertiser while the device advertises; null otherwise.</summary>
    public DeviceAdvertiser? Advertiser => _advertiser;

    /// <summary>Non-null when the stored settings were damaged and the device started fresh.</summary>
    public string? SettingsProblem => Core.SettingsProblem;

    public async ValueTask StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_started)
            {
                return;
            }

            _started = true;
        }

        _log.Write(LogLevel.Information, Component, $"{Name} (id {Identity.DeviceId}) starting, {DeviceLifecycle.StateName(Lifecycle.State)}");
        if (_options.LocalApi != null)
        {
            _localApi = CreateLocalApi(_options.LocalApi);
            _localApi.Start();
            if (Lifecycle.State != DeviceState.Online)
            {
                _localApi.GoOffline();
            }
        }

        if (_options.Mdns != null)
        {
            _advertiser = new DeviceAdvertiser(AdvertisedWithRealApiPort(_options.Mdns), Name, Identity.DeviceId, Lifecycle, Clock, _random, _log, Faults);
            _advertiser.Start();
        }

        if (_options.Nan != null)
        {
            _nan = new Accessory.Simulator.Nan.DeviceNan(_options.Nan, Identity.DeviceId, _options.LocalApi?.Model ?? "sim-lamp", Lifecycle, Faults, Clock, _log, _localApi);
            _nan.Start();
        }

        if (_options.Cloud != null)
        {
            BrokerCredentials? credentials = null;
            if (_options.Cloud.Broker.Kind == BrokerUriKind.Embedded)
            {
                credentials = BrokerCredentials.LoadOrCreate(Settings, Identity.DeviceId, _random, out bool createdCredentials);
                if (createdCredentials)
                {
                    Core.SaveSettings();
                }
            }

            BrokerLogin = credentials;
            _cloud = await DeviceCloud.StartAsync(_options.Cloud, Commands, Lifecycle, Clock, _random, _log, credentials).ConfigureAwait(false);
        }


        _faultHooks = new DeviceFaultHooks(Faults, Radio, () => _cloud, _log);
        _faultHooks.Start();
        await BootConnectivityAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A simulated reboot, as after esp_restart: sessions are dropped and every transport restarts from the stored
    /// settings (join the stored network, or offer provisioning over HTTP and BLE when there is none). The process,
    /// the ports and the identity stay. Completes when the boot sequence has been replayed.
    /// </summary>
    public Task RebootAsync() => RestartTransportsAsync("reboot", factoryReset: false);

    // The part of the boot that depends on the stored settings: what a reboot replays.
    private async Task BootConnectivityAsync(CancellationToken cancellationToken)
    {
        if (Station.Start())
        {
            await StartBleAsync(null).ConfigureAwait(false);
            return;
        }

        if (_options.SoftAp == null)
        {
            Lifecycle.TryFire(DeviceTrigger.StartProvisioning);
            await StartBleAsync(null).ConfigureAwait(false);
            return;
        }

        bool fast = Environment.Timing.Name != TimingModel.Realistic.Name;
        var softAp = _softApPort is int port ? _options.SoftAp.OnPort(port) : _options.SoftAp;
        var manager = Core.CreateProvisioningManager(SoftApProvisioning.ManagerOptions(fast, softAp));
        var provisioning = new SoftApProvisioning(softAp, manager, new DotNetCryptoProvider(), _random, _loggers, _options.CreateListener, Core.CreateProvisioningService);
        await provisioning.StartAsync(cancellationToken).ConfigureAwait(false);
        _softApPort = provisioning.EndPoint.Port;
        _provisioning = provisioning;
        await StartBleAsync(provisioning.Service).ConfigureAwait(false);
    }

    private async Task RestartTransportsAsync(string reason, bool factoryReset)
    {
        await _rebootGate.WaitAsync().ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                if (!_started)
                {
                    return;
                }
            }

            _log.Write(LogLevel.Information, Component, $"{reason}: rebooting; every transport restarts from the stored settings");
            Station.Stop();
            Radio.Disconnect();
            var provisioning = _provisioning;
            _provisioning = null;
            Core.EndProvisioning();
            if (provisioning != null)
            {
                await provisioning.DisposeAsync().ConfigureAwait(false);
            }

            // Leaving Online closes the local API and its connections and ends the cloud session; a device that was
            // not online has no API connections to keep either.
            _localApi?.GoOffline();
            if (factoryReset)
            {
                Lifecycle.Fire(DeviceTrigger.FactoryReset);
            }
            else
            {
                Lifecycle.Reboot(Settings.Contains(SettingKeys.WifiSsid));
            }

            await BootConnectivityAsync(CancellationToken.None).ConfigureAwait(false);
            _log.Write(LogLevel.Information, Component, $"{Name} rebooted, {DeviceLifecycle.StateName(Lifecycle.State)}");
        }
        finally
        {
            _rebootGate.Release();
        }
    }

    // Commands arrive on a transport's request thread, which the reboot restarts: the reply leaves first, as a
    // board answers before it restarts.
    private void ScheduleRestart(string reason, bool factoryReset)
    {
        lock (_gate)
        {
            if (!_started)
            {
                return;
            }

            _pendingRestart = Task.Run(async () =>
            {
                await Task.Delay(RebootReplyGraceMilliseconds).ConfigureAwait(false);
                try
                {
                    await RestartTransportsAsync(reason, factoryReset).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    _log.Write(LogLevel.Error, Component, $"{reason}: reboot failed: {e.Message}");
                }
            });
        }
    }

    // One provisioning service behind both transports: a phone may use SoftAP/HTTP or BLE, whichever it finds first.
    private async Task StartBleAsync(Accessory.Core.Provisioning.ProvisioningService? provisioning)
    {
        if (_options.Ble == null)
        {
            return;
        }

        if (_ble != null)
        {
            // A reboot: the same radio restarts with the table for the new situation.
            await _ble.StartAsync(provisioning).ConfigureAwait(false);
            return;
        }

        var information = Core.DeviceInformation;
        var redirect = _localApi == null
            ? Array.Empty<string>()
            : new[] { "https://" + Accessory.Core.Mdns.MdnsNaming.HostLabelFor(Name) + ".local:" + _localApi.HttpsEndPoint.Port + "/api/v1/info" };
        _ble = new Accessory.Simulator.Ble.DeviceBle(_options.Ble, _options.DataDirectory, Name, information, Commands, ApiToken, Radio, Clock, _log, redirect, Faults);
        await _ble.StartAsync(provisioning).ConfigureAwait(false);
    }

    /// <summary>
    /// Erases everything but the identity (as an ESP32 keeps its eFuse MAC) and, on a running device, reboots into
    /// provisioning (after the command's reply has left). The erase itself is done when this returns.
    /// </summary>
    public void FactoryReset()
    {
        Core.EraseForFactoryReset();

        // The embedded broker stands for the cloud, which outlives a reset: it keeps asking for the same password.
        if (BrokerLogin is { } login)
        {
            lock (Settings)
            {
                Settings.SetString(BrokerCredentials.PasswordKey, login.Password);
                SaveSettings();
            }
        }

        bool running;
        lock (_gate)
        {
            running = _started;
        }

        if (running)
        {
            ScheduleRestart("factory reset", factoryReset: true);
        }
        else
        {
            Lifecycle.Fire(DeviceTrigger.FactoryReset);
        }
    }

    public void SaveSettings() => Core.SaveSettings();

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (!_started)
            {
                return;
            }

            _started = false;
        }

        // A reboot under way finishes first (it checks _started, so none starts after this).
        if (_pendingRestart != null)
        {
            await _pendingRestart.ConfigureAwait(false);
        }

        await _rebootGate.WaitAsync().ConfigureAwait(false);
        _rebootGate.Release();
        Station.Stop();
        _faultHooks?.Dispose();
        if (_ble != null)
        {
            await _ble.DisposeAsync().ConfigureAwait(false);
        }

        if (_localApi != null)
        {
            await _localApi.DisposeAsync().ConfigureAwait(false);
        }

        if (_cloud != null)
        {
            await _cloud.DisposeAsync().ConfigureAwait(false);
        }

        _advertiser?.Dispose();
        _nan?.Dispose();
        if (_provisioning != null)
        {
            await _provisioning.DisposeAsync().ConfigureAwait(false);
        }

        Clock.Stop();
        _log.Write(LogLevel.Information, Component, $"{Name} stopped");
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void OnStateChanged(DeviceState from, DeviceState to, DeviceTrigger trigger)
    {
        // The core logs the change and adopts a provisioned station (its handler runs first).
        // Runs before the cloud link's own handler (subscribed first), so its goodbye finds the connection dropped.
        if (trigger == DeviceTrigger.ConnectionLost)
        {
            _cloud?.NetworkLost();
        }

        if (from == DeviceState.Online && to != DeviceState.Online)
        {
            _localApi?.GoOffline();
        }
    }

    // The API listens before the state reads online (GET /status, events, mDNS TXT, MQTT): a phone that calls it
    // the moment it sees "online" is accepted, never refused.
    private void OnStateChanging(DeviceState from, DeviceState to, DeviceTrigger trigger)
    {
        if (to == DeviceState.Online && from != DeviceState.Online)
        {
            _localApi?.GoOnline();
        }
    }

    // The SRV record must name the port the API really listens on (it may have been asked for as 0).
    private AdvertiserOptions AdvertisedWithRealApiPort(AdvertiserOptions mdns) => _localApi is null ? mdns : new AdvertiserOptions
    {
        Transport = mdns.Transport,
        Addresses = mdns.Addresses,
        ApiPort = _localApi.HttpsEndPoint.Port,
        Model = mdns.Model,
        FirmwareVersion = mdns.FirmwareVersion,
        ProtocolVersion = mdns.ProtocolVersion,
    };

    private LocalApiServer CreateLocalApi(LocalApiOptions options)
    {
        string hostLabel = Accessory.Core.Mdns.MdnsNaming.HostLabelFor(Name);
        var certificate = Accessory.Simulator.Tls.DeviceCertificate.LoadOrCreate(Settings, hostLabel, _log, out bool created);
        if (created)
        {
            Core.SaveSettings();
        }

        var tls = new TlsContextProvider(
            certificate,
            Path.Combine(_options.DataDirectory, "tls"),
            Accessory.Simulator.Tls.DeviceCertificate.HostNamesFor(hostLabel),
            Faults,
            options.CertificateChainFile,
            options.CertificateKeyFile);
        var router = Core.LocalApiRouter;
        var names = Accessory.Simulator.Tls.DeviceCertificate.HostNamesFor(hostLabel);
        var access = new ApiAccessGuard(ApiToken, new Accessory.Core.Http.BrowserRequestGuard(names), Clock, _log);
        return new LocalApiServer(options, router, Lamp, Faults, tls, _log, access);
    }
}
