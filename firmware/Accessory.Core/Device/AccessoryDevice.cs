using System;
using Accessory.Core.Ble.DeviceInfo;
using Accessory.Core.Cloud;
using Accessory.Core.Commands;
using Accessory.Core.LocalApi;
using Accessory.Core.Ports;
using Accessory.Core.Provisioning;
using Accessory.Core.Provisioning.Endpoints;
using Accessory.Core.Settings;
using Accessory.Core.Wifi;

namespace Accessory.Core.Device;

/// <summary>
/// The accessory's portable parts, assembled once from ports and plain options: the stored settings, identity,
/// access token, lifecycle, station keeper, lamp and commands, the local API router, the BLE device information
/// and the provisioning service with the device's custom endpoints. The simulator and the firmware both construct
/// this and add only what is their own (transports, radios, TLS, pins), so the two bodies cannot drift in what
/// the device is or how it resets.
/// </summary>
public sealed class AccessoryDevice
{
    private const string Component = "device";
    private readonly SettingsRepository _repository;
    private readonly object _provisioningGate = new object();
    private ProvisioningService? _provisioning;

    public AccessoryDevice(AccessoryDeviceOptions options, ISettingsStore store, IWifiRadio radio, IClock clock, IRandom random, ILog log)
    {
        if (options == null || store == null || radio == null || clock == null || random == null || log == null)
        {
            throw new ArgumentNullException(nameof(options), "options, store, radio, clock, random and log are required");
        }

        Radio = radio;
        Clock = clock;
        Random = random;
        Log = log;
        _repository = new SettingsRepository(store, log);
        Settings = _repository.Load();
        bool seeded = false;
        var factoryMac = options.FactoryMac;
        if (factoryMac != null && factoryMac.Length == 6 && !Settings.Contains(SettingKeys.DeviceMac))
        {
            Settings.SetBytes(SettingKeys.DeviceMac, factoryMac);
            seeded = true;
        }

        Identity = DeviceIdentity.LoadOrCreate(Settings, random, out bool created);
        ApiToken = AccessToken.LoadOrCreate(Settings, random, out bool tokenCreated);
        if (seeded || created || tokenCreated)
        {
            _repository.Save(Settings);
        }

        Name = options.Name ?? Identity.DefaultName;
        Model = options.Model;
        FirmwareVersion = options.FirmwareVersion;
        Lifecycle = new DeviceLifecycle(HasStoredCredentials);
        Station = new StationKeeper(radio, clock, Settings, Lifecycle, log);
        Lifecycle.StateChanged += OnStateChanged;
        Lamp = new LampState();
        Commands = new DeviceCommands(Identity.DeviceId, Lamp);
        LocalApiRouter = new LocalApiRouter(Identity.DeviceId, Name, Model, FirmwareVersion, Lifecycle, Commands);
        DeviceInformation = new DeviceInformation(options.Manufacturer, Model, Identity.DeviceId, FirmwareVersion);
    }

    public DeviceSettings Settings { get; }

    public SettingsRepository Repository => _repository;

    /// <summary>Non-null when the stored settings were damaged and the device started fresh.</summary>
    public string? SettingsProblem => _repository.LastLoadProblem;

    public DeviceIdentity Identity { get; }

    /// <summary>The access token of the local API and BLE control; handed out over authenticated provisioning only.</summary>
    public AccessToken ApiToken { get; }

    public string Name { get; }

    public string Model { get; }

    public string FirmwareVersion { get; }

    public IWifiRadio Radio { get; }

    public IClock Clock { get; }

    public IRandom Random { get; }

    public ILog Log { get; }

    public DeviceLifecycle Lifecycle { get; }

    public StationKeeper Station { get; }

    public LampState Lamp { get; }

    /// <summary>Commands from every transport (MQTT, local API, BLE) run here.</summary>
    public DeviceCommands Commands { get; }

    /// <summary>The local API's routes; each body serves them over its own HTTPS listener.</summary>
    public LocalApiRouter LocalApiRouter { get; }

    /// <summary>The BLE Device Information service's values.</summary>
    public DeviceInformation DeviceInformation { get; }

    public bool HasStoredCredentials => Settings.Contains(SettingKeys.WifiSsid);

    /// <summary>The provisioning service while the device offers one; null otherwise.</summary>
    public ProvisioningService? Provisioning
    {
        get
        {
            lock (_provisioningGate)
            {
                return _provisioning;
            }
        }
    }

    /// <summary>A provisioning manager over the device's radio, settings and lifecycle.</summary>
    public ProvisioningManager CreateProvisioningManager(ProvisioningOptions options)
    {
        return new ProvisioningManager(Radio, Clock, _repository, Settings, Lifecycle, Log, options);
    }

    /// <summary>
    /// The provisioning service every transport (SoftAP/HTTP, BLE) serves, with the device's custom endpoints:
    /// custom-data, and access-token so a phone that provisioned over an authenticated session can use the
    /// local API. It becomes the device's current one, whose station is adopted when the device gets online.
    /// </summary>
    public ProvisioningService CreateProvisioningService(ISecurityScheme security, ProvisioningManager manager, int securityPatchVersion, bool popUsed)
    {
        var service = new ProvisioningService(security, manager, securityPatchVersion, popUsed);
        service.AddCustomDataEndpoint();
        service.AddCustomEndpoint(AccessTokenEndpoint.Name, new AccessTokenEndpoint(ApiToken));
        lock (_provisioningGate)
        {
            _provisioning = service;
        }

        return service;
    }

    /// <summary>Forgets the provisioning service, as its transport is torn down (a reboot).</summary>
    public void EndProvisioning()
    {
        lock (_provisioningGate)
        {
            _provisioning = null;
        }
    }

    /// <summary>
    /// The erase of a factory reset: everything but the identity (as an ESP32 keeps its eFuse MAC) is cleared, the
    /// access token rotated (every phone paired before loses the local API and BLE control) and the result saved.
    /// The body then restarts its transports (the simulator) or the chip (the firmware).
    /// </summary>
    public void EraseForFactoryReset()
    {
        Log.Write(LogLevel.Warning, Component, "factory reset: erasing the settings but the identity");
        var mac = Identity.Mac;
        Station.Stop();
        lock (Settings)
        {
            Settings.Clear();
            Settings.SetBytes(SettingKeys.DeviceMac, mac);
            ApiToken.Rotate(Settings, Random);
            _repository.Save(Settings);
        }
    }

    public void SaveSettings() => _repository.Save(Settings);

    private void OnStateChanged(DeviceState from, DeviceState to, DeviceTrigger trigger)
    {
        Log.Write(LogLevel.Information, Component, "state " + DeviceLifecycle.StateName(from) + " -> " + DeviceLifecycle.StateName(to) + " (" + DeviceLifecycle.TriggerName(trigger) + ")");
        // The station a phone's credentials joined is the one the keeper watches from now on.
        var provisioning = Provisioning;
        if (to == DeviceState.Online && from == DeviceState.Connecting && provisioning != null)
        {
            var station = provisioning.Manager.LastStation;
            Station.Adopt(station == null ? string.Empty : station.Ip4Address);
        }
    }
}
