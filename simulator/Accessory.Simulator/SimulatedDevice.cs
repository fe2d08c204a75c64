using Accessory.Core.Device;
using Accessory.Core.Ports;
using Accessory.Core.Settings;
using Accessory.Simulator.Settings;

namespace Accessory.Simulator;

/// <summary>
/// One simulated accessory: the core's state machines wired to desktop ports. Protocol front-ends (provisioning,
/// mDNS, MQTT, local API) attach to it as their issues land.
/// </summary>
public sealed class SimulatedDevice : IDisposable
{
    private const string Component = "device";
    private readonly ILog _log;
    private readonly SettingsRepository _repository;
    private readonly object _gate = new();
    private bool _started;

    public SimulatedDevice(DeviceOptions options, ILog log, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        _log = log;
        Store = new FileSettingsStore(options.DataDirectory);
        _repository = new SettingsRepository(Store, log);
        Settings = _repository.Load();
        Identity = DeviceIdentity.LoadOrCreate(Settings, random, out bool created);
        if (created)
        {
            _repository.Save(Settings);
        }

        Name = options.Name ?? Identity.DefaultName;
        Lifecycle = new DeviceLifecycle(Settings.Contains(SettingKeys.WifiSsid));
        Lifecycle.StateChanged += (from, to, trigger) => _log.Write(
            LogLevel.Information,
            Component,
            $"state {DeviceLifecycle.StateName(from)} -> {DeviceLifecycle.StateName(to)} ({DeviceLifecycle.TriggerName(trigger)})");
    }

    public FileSettingsStore Store { get; }

    public DeviceSettings Settings { get; }

    public DeviceIdentity Identity { get; }

    public DeviceLifecycle Lifecycle { get; }

    public string Name { get; }

    /// <summary>Non-null when the stored settings were damaged and the device started fresh.</summary>
    public string? SettingsProblem => _repository.LastLoadProblem;

    public void Start()
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
        if (Lifecycle.State == DeviceState.Unprovisioned)
        {
            Lifecycle.Fire(DeviceTrigger.StartProvisioning);
        }
    }

    /// <summary>Erases everything but the identity (as an ESP32 keeps its eFuse MAC) and starts over.</summary>
    public void FactoryReset()
    {
        var mac = Identity.Mac;
        Settings.Clear();
        Settings.SetBytes(SettingKeys.DeviceMac, mac);
        _repository.Save(Settings);
        Lifecycle.Fire(DeviceTrigger.FactoryReset);
        Lifecycle.Fire(DeviceTrigger.StartProvisioning);
    }

    public void SaveSettings() => _repository.Save(Settings);

    public void Dispose()
    {
        lock (_gate)
        {
            if (!_started)
            {
                return;
            }

            _started = false;
        }

        _log.Write(LogLevel.Information, Component, $"{Name} stopped");
    }
}
