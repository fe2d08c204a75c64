using Accessory.Core.Cloud;
using Accessory.Core.Device;
using Accessory.Core.Ports;
using Accessory.Core.Settings;
using Accessory.Simulator.Mqtt;
using Accessory.Simulator.Radio;

namespace Accessory.Simulator.Fleet;

/// <summary>
/// One accessory of a fleet: the core's <see cref="AccessoryDevice"/> (settings, identity, lifecycle, station
/// keeper, lamp, commands) and its <see cref="CloudLink"/> over its own MQTT connection, on its own virtual radio.
/// Only the clock, the random source and the settings store are shared with the other devices; what the broker sees
/// (client id, topics, retained state, Last Will, QoS 1 telemetry with seq, command results) is the device's own.
/// </summary>
public sealed class FleetDevice : IDisposable
{
    /// <summary>Locally administered MAC prefix of fleet devices; the 4 bytes after it are the device's index.</summary>
    public static readonly byte[] MacPrefix = [0x02, 0xF1];

    private static readonly TimeSpan RestartReplyGrace = TimeSpan.FromMilliseconds(200);

    private readonly IClock _clock;
    private readonly IRandom _random;
    private readonly MqttNetLink _link;
    private readonly object _gate = new();
    private readonly object _restartGate = new();
    private readonly RadioEnvironment _environment;
    private readonly ILog _log;
    private readonly int _provisioningPort;
    private long _reboots;
    private readonly byte[] _scratch = new byte[4];
    private IScheduledWork? _telemetry;
    private bool _running;
    private bool _telemetryStopped;
    private long _telemetrySent;
    private long _connectFailures;
    private long _startedAt = -1;
    private long _firstConnectedAt = -1;
    private long _commands;
    private long _startTimestamp;
    private long _onlineTimestamp;
    private long _connectedTimestamp;

    public FleetDevice(int index, FleetGroup group, FleetSettingsStore store, RadioEnvironment environment, IClock clock, IRandom random, ILog log, BrokerUri broker, MqttTlsFiles? tls = null, int provisioningPort = 0, ConnectWindow? window = null, FleetLocalApiGroup? localApi = null, int localApiPort = 0)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(environment);
        Index = index;
        Group = group;
        _clock = clock;
        _random = random;
        _environment = environment;
        _log = log;
        _provisioningPort = provisioningPort;
        var slot = store.Slot(index);
        if (slot.Read() is null && (group.Provisioning is null || group.LocalApi?.Token is not null))
        {
            slot.Write(SettingsCodec.Encode(OutOfTheBox(group, environment)));
        }

        Radio = new VirtualRadio(environment, clock, random);
        Core = new AccessoryDevice(
            new AccessoryDeviceOptions { Model = group.Model, FirmwareVersion = group.FirmwareVersion, FactoryMac = MacOf(index) },
            slot,
            Radio,
            clock,
            random,
            log);

        if (group.Provisioning is { } provisioning)
        {
            Provisioning = new FleetDeviceProvisioning(Core, provisioning, provisioningPort, log, Radio, clock);
        }

        if (localApi is not null)
        {
            try
            {
                LocalApi = new FleetDeviceLocalApi(Core, localApi, localApiPort, clock, log);
            }
            catch
            {
                Provisioning?.Dispose();
                throw;
            }
        }

        _link = new MqttNetLink(broker, tls, log, window: window);

        // Runs before the cloud link's handler (subscribed first): losing the AP drops the connection without
        // DISCONNECT, so the broker publishes the Will, as for a board.
        Core.Lifecycle.StateChanged += (_, to, trigger) =>
        {
            if (to == DeviceState.Online)
            {
                Interlocked.CompareExchange(ref _onlineTimestamp, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
            }

            if (trigger == DeviceTrigger.ConnectionLost)
            {
                _link.DropConnection();
            }
        };
        _link.ConnectionChanged += OnConnectionChanged;

        // As a board: the command's result leaves first, then the device restarts (see ScheduleRestart).
        Core.Commands.RebootRequested += () => ScheduleRestart(factoryReset: false);
        Core.Commands.FactoryResetRequested += () => ScheduleRestart(factoryReset: true);
        var topics = new CloudTopics(Core.Identity.DeviceId);
        _link.MessageReceived += (topic, _) =>
        {
            if (topics.CommandName(topic) is not null)
            {
                Interlocked.Increment(ref _commands);
            }
        };
        Cloud = new CloudLink(
            Core.Identity.DeviceId,
            _link,
            clock,
            random,
            log,
            Core.Lifecycle,
            Core.Commands,
            new CloudLinkSettings
            {
                QueueCapacity = group.QueueCapacity,
                ReconnectBaseMilliseconds = (int)group.ReconnectBase.TotalMilliseconds,
                ReconnectCapMilliseconds = (int)group.ReconnectCap.TotalMilliseconds,
                KeepAliveSeconds = (int)group.KeepAlive.TotalSeconds,
                // The fleet draws each period itself, with jitter; the link's own timer has a fixed period.
                TelemetryIntervalMilliseconds = 0,
            });
    }

    public int Index { get; }

    public FleetGroup Group { get; }

    public string DeviceId => Core.Identity.DeviceId;

    public AccessoryDevice Core { get; }

    public CloudLink Cloud { get; }

    public VirtualRadio Radio { get; }

    /// <summary>The device's SoftAP/HTTP provisioning when its group starts unprovisioned; null otherwise.</summary>
    public FleetDeviceProvisioning? Provisioning { get; private set; }

    /// <summary>The device's local HTTPS API when its group has one; null otherwise.</summary>
    public FleetDeviceLocalApi? LocalApi { get; }

    public bool IsConnected => Cloud.IsConnected;

    /// <summary>True once the device has been connected at least once.</summary>
    public bool EverConnected => Interlocked.Read(ref _firstConnectedAt) >= 0;

    /// <summary>Failed or refused connects so far (the first attempt and reconnects alike).</summary>
    public long ConnectFailures => Interlocked.Read(ref _connectFailures);

    /// <summary>Telemetry samples handed to the link; the last one carried seq = this number.</summary>
    public long TelemetrySent => Interlocked.Read(ref _telemetrySent);

    /// <summary>Restarts done (reboot and factory_reset commands alike).</summary>
    public long Reboots => Interlocked.Read(ref _reboots);

    /// <summary>Commands received from the cloud (each is executed and answered on .../result), whatever their outcome.</summary>
    public long CommandsExecuted => Interlocked.Read(ref _commands);

    /// <summary>Milliseconds from start to the first connection, or -1 while never connected.</summary>
    public long MillisecondsToFirstConnect
    {
        get
        {
            long at = Interlocked.Read(ref _firstConnectedAt);
            return at < 0 ? -1 : at - Interlocked.Read(ref _startedAt);
        }
    }

    /// <summary>
    /// Where the first connect's time went (Stopwatch timestamps, 0 for a phase not reached): start, Wi-Fi joined
    /// (lifecycle Online), connect asked of the link, handshake begun on the wire, connected.
    /// </summary>
    public FleetDevicePhases FirstConnectPhases => new(
        Interlocked.Read(ref _startTimestamp),
        Interlocked.Read(ref _onlineTimestamp),
        _link.FirstConnectRequestedAt,
        _link.FirstHandshakeBegunAt,
        Interlocked.Read(ref _connectedTimestamp));

    /// <summary>The MAC (and so the device id) of fleet device <paramref name="index"/>: stable across runs and pods.</summary>
    public static byte[] MacOf(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return [MacPrefix[0], MacPrefix[1], (byte)(index >> 24), (byte)(index >> 16), (byte)(index >> 8), (byte)index];
    }

    public static string DeviceIdOf(int index) => Convert.ToHexString(MacOf(index));

    /// <summary>Joins its network (the core's station keeper), then the cloud link connects once online.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_running)
            {
                return;
            }

            _running = true;
        }

        Interlocked.Exchange(ref _startedAt, _clock.UptimeMilliseconds);
        Interlocked.Exchange(ref _startTimestamp, System.Diagnostics.Stopwatch.GetTimestamp());
        Cloud.Start();
        if (!Core.Station.Start())
        {
            Provisioning?.Start(_random);
        }
        if (Group.TelemetryEvery > TimeSpan.Zero)
        {
            // The first sample lands anywhere in the first period, so a fleet started at once does not publish at once.
            ScheduleTelemetry(NextDraw() % (uint)Math.Max(1, Group.TelemetryEvery.TotalMilliseconds));
        }
    }

    /// <summary>No more telemetry samples; what is queued still goes out (used to drain a fleet before counting).</summary>
    public void StopTelemetry()
    {
        lock (_gate)
        {
            _telemetry?.Cancel();
            _telemetry = null;
            _telemetryStopped = true;
        }
    }

    /// <summary>The AP goes off the air for <paramref name="duration"/>; the station keeper rejoins after it.</summary>
    public bool LoseWifi(TimeSpan duration) => Radio.TakeJoinedNetworkDown((int)duration.TotalMilliseconds) is not null;

    /// <summary>The broker is unreachable for this device for <paramref name="duration"/>.</summary>
    public void CutBroker(TimeSpan duration) => _link.SimulateOutage(duration);

    /// <summary>
    /// Powers the device off: nothing more is sent and the connection closes without DISCONNECT, so the broker
    /// publishes its Last Will ("offline") as it would for a board that lost power.
    /// </summary>
    public void PowerOff()
    {
        // Not while a reboot is half done: it could start a provisioning server after this one was stopped.
        lock (_restartGate)
        {
            PowerOffNow();
        }
    }

    private void PowerOffNow()
    {
        Provisioning?.Dispose();
        LocalApi?.Dispose();
        lock (_gate)
        {
            if (!_running)
            {
                return;
            }

            _running = false;
            _telemetry?.Cancel();
            _telemetry = null;
        }

        // Through the lifecycle, as a lost network: the link drops first (no DISCONNECT), then the cloud link stops
        // wanting a connection, so the drop is not taken for a broker loss to retry.
        Core.Station.Stop();
        if (!Core.Lifecycle.TryFire(DeviceTrigger.ConnectionLost))
        {
            _link.DropConnection();
        }

        Cloud.Stop();
        _link.Dispose();
    }

    public void Dispose() => PowerOff();

    /// <summary>
    /// A reboot (as after esp_restart) or, with <paramref name="factoryReset"/>, the erase of a factory reset and
    /// then a reboot: the MQTT connection drops without DISCONNECT (the broker publishes the Will "offline"), the
    /// station and any provisioning stop, and the device boots again from its stored settings: it joins its network
    /// and reconnects, or, unprovisioned in a provisioning group, serves provisioning on its port again. A factory
    /// reset leaves the device's out-of-the-box settings: the network credentials for a group without provisioning,
    /// nothing for one with it; the core gives it a new random access token.
    /// </summary>
    public void Restart(bool factoryReset)
    {
        lock (_restartGate)
        {
            lock (_gate)
            {
                if (!_running)
                {
                    return;
                }
            }

            _log.Write(LogLevel.Information, "device", (factoryReset ? "factory reset" : "reboot") + ": restarting from the stored settings");
            _link.DropConnection();
            Core.Station.Stop();
            Radio.Disconnect();
            var provisioning = Provisioning;
            Core.EndProvisioning();
            provisioning?.Dispose();
            if (factoryReset)
            {
                Core.EraseForFactoryReset();
                if (Group.Provisioning is null)
                {
                    lock (Core.Settings)
                    {
                        var settings = ProvisionedSettings(_environment);
                        Core.Settings.SetBytes(SettingKeys.WifiSsid, settings.GetBytes(SettingKeys.WifiSsid)!);
                        Core.Settings.SetBytes(SettingKeys.WifiPassphrase, settings.GetBytes(SettingKeys.WifiPassphrase)!);
                        Core.SaveSettings();
                    }
                }
            }

            Core.Lifecycle.Reboot(Core.Settings.Contains(SettingKeys.WifiSsid));
            Interlocked.Increment(ref _reboots);
            if (!Core.Station.Start() && Group.Provisioning is { } spec)
            {
                try
                {
                    Provisioning = new FleetDeviceProvisioning(Core, spec, _provisioningPort, _log, Radio, _clock);
                    Provisioning.Start(_random);
                }
                catch (FleetPortException e)
                {
                    _log.Write(LogLevel.Error, "prov", "after the restart: " + e.Message);
                }
            }
        }
    }

    // Commands arrive on the link's receive thread and are answered after the event: the restart waits a moment so
    // the result is published before the connection drops, as a board answers before it restarts.
    private void ScheduleRestart(bool factoryReset)
    {
        _ = Task.Run(async () =>
        {
            await Task.Delay(RestartReplyGrace).ConfigureAwait(false);
            try
            {
                Restart(factoryReset);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _log.Write(LogLevel.Error, "device", (factoryReset ? "factory reset" : "reboot") + " failed: " + e.Message);
            }
        });
    }

    private void ScheduleTelemetry(long delayMilliseconds)
    {
        lock (_gate)
        {
            if (!_running || _telemetryStopped)
            {
                return;
            }

            _telemetry = _clock.Schedule((int)Math.Min(int.MaxValue, delayMilliseconds), OnTelemetryDue);
        }
    }

    private void OnTelemetryDue()
    {
        lock (_gate)
        {
            if (!_running || _telemetryStopped)
            {
                return;
            }

            Interlocked.Increment(ref _telemetrySent);
        }

        Cloud.PublishTelemetry();
        double every = Group.TelemetryEvery.TotalMilliseconds;
        double spread = every * Group.TelemetryJitter;
        double fraction = NextDraw() / (double)uint.MaxValue;
        ScheduleTelemetry((long)Math.Max(1, every - spread + (2 * spread * fraction)));
    }

    private uint NextDraw()
    {
        lock (_scratch)
        {
            _random.NextBytes(_scratch);
            return BitConverter.ToUInt32(_scratch, 0);
        }
    }

    private void OnConnectionChanged(bool connected, string reason)
    {
        if (connected)
        {
            Interlocked.CompareExchange(ref _firstConnectedAt, _clock.UptimeMilliseconds, -1);
            Interlocked.CompareExchange(ref _connectedTimestamp, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
        }
        else if (!reason.StartsWith("connection lost", StringComparison.Ordinal) && !reason.StartsWith("disconnected", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _connectFailures);
        }
    }

    // What a device's settings hold before its first start: the group's access token when the file gives one, and
    // unless the group starts unprovisioned, the Wi-Fi credentials.
    private static DeviceSettings OutOfTheBox(FleetGroup group, RadioEnvironment environment)
    {
        var settings = group.Provisioning is null ? ProvisionedSettings(environment) : new DeviceSettings();
        if (group.LocalApi?.Token is { } token)
        {
            settings.SetString(SettingKeys.ApiToken, token);
        }

        return settings;
    }

    // A fleet device comes out of the box already provisioned: its settings name the environment's first
    // network it can join with a known password.
    private static DeviceSettings ProvisionedSettings(RadioEnvironment environment)
    {
        var ap = environment.AccessPoints.FirstOrDefault(a => !a.Hidden && environment.Device.CanUse(a.Band) && a.Auth != Accessory.Core.Wifi.WifiAuthMode.Open && a.Password.Length > 0)
            ?? environment.AccessPoints.FirstOrDefault(a => !a.Hidden && environment.Device.CanUse(a.Band))
            ?? throw new ArgumentException("the radio environment has no network a device can join", nameof(environment));
        var settings = new DeviceSettings();
        settings.SetBytes(SettingKeys.WifiSsid, ap.Ssid);
        settings.SetBytes(SettingKeys.WifiPassphrase, System.Text.Encoding.UTF8.GetBytes(ap.Password));
        return settings;
    }
}
