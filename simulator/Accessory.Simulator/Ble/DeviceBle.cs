using Accessory.Core.Ble;
using Accessory.Core.Ble.DeviceInfo;
using Accessory.Core.Ble.Improv;
using Accessory.Core.Commands;
using Accessory.Core.Ports;
using Accessory.Core.Provisioning;

namespace Accessory.Simulator.Ble;

/// <summary>
/// The device's BLE side: the core's GATT profile (ESP-IDF provisioning while it is offered, Improv Wi-Fi, Device
/// Information, lamp control) on the chosen radio. A GATT table cannot change under connected phones, so when
/// provisioning ends the radio is restarted with the table of a provisioned device, as an ESP32 restarts BLE.
/// </summary>
public sealed class DeviceBle : IAsyncDisposable
{
    private const string Component = "ble";
    private readonly BleOptions _options;
    private readonly string _dataDirectory;
    private readonly string _name;
    private readonly DeviceInformation _information;
    private readonly DeviceCommands _commands;
    private readonly IWifiRadio _radio;
    private readonly IClock _clock;
    private readonly ILog _log;
    private readonly string[] _redirectUrls;
    private readonly SemaphoreSlim _restart = new(1, 1);
    private readonly BleLinkFaults? _linkFaults;
    private IBleBackend? _backend;
    private readonly Accessory.Core.LocalApi.AccessToken _controlToken;
    private DeviceGattProfile? _profile;
    private ImprovService? _improv;
    private ProvisioningService? _served;
    private volatile bool _disposed;

    public DeviceBle(BleOptions options, string dataDirectory, string name, DeviceInformation information, DeviceCommands commands, Accessory.Core.LocalApi.AccessToken controlToken, IWifiRadio radio, IClock clock, ILog log, string[] redirectUrls, Accessory.Simulator.Faults.ActiveFaults? faults = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _dataDirectory = dataDirectory;
        _name = name;
        _information = information;
        _commands = commands;
        _controlToken = controlToken;
        _radio = radio;
        _clock = clock;
        _log = log;
        _redirectUrls = redirectUrls;
        if (faults != null)
        {
            _linkFaults = new BleLinkFaults(faults, log);
            _linkFaults.DropAllRequested += () => _backend?.DropConnections();
        }
    }

    /// <summary>Where phones find the accessory right now ("virtual link /path", "BlueZ adapter ...").</summary>
    public string Description => _backend?.Description ?? "stopped";

    /// <summary>The socket of the virtual link (what `accessory-sim ble --socket` takes).</summary>
    public string SocketPath => _options.SocketPath ?? Path.Combine(_dataDirectory, "ble.sock");

    /// <summary>The GATT profile being served; a new one after each restart.</summary>
    public DeviceGattProfile? Profile => _profile;

    /// <summary>Improv's state machine being served.</summary>
    public ImprovService? Improv => _improv;

    /// <summary>Serves the table for the current situation: with ESP provisioning when <paramref name="provisioning"/> is offered.</summary>
    public Task StartAsync(ProvisioningService? provisioning) => StartAsync(provisioning, null);

    private async Task StartAsync(ProvisioningService? provisioning, ProvisioningService? onlyWhileServing)
    {
        await _restart.WaitAsync().ConfigureAwait(false);
        try
        {
            if (onlyWhileServing != null && _served != onlyWhileServing)
            {
                return;
            }

            await StopBackendAsync().ConfigureAwait(false);
            Unsubscribe();
            if (_disposed)
            {
                return;
            }

            var profile = BuildProfile(provisioning);
            _backend = _options.Backend == BleBackendKind.BlueZ
                ? await BluezBleBackend.StartAsync(profile.Server, profile.Advertisement(), _options, _log).ConfigureAwait(false)
                : await VirtualBleBackend.StartAsync(profile.Server, profile.Advertisement(), SocketPath, _log).ConfigureAwait(false);
            _profile = profile;
            if (_linkFaults != null)
            {
                _backend.DropOnWrite = _linkFaults.DropOnThisWrite;
            }

            profile.AdvertisementChanged += changed => _backend?.Advertise(changed.Advertisement());
            if (provisioning != null)
            {
                _served = provisioning;
                provisioning.Manager.Ended += OnProvisioningEnded;
            }

            _log.Write(LogLevel.Information, Component, "serving GATT (" + (provisioning != null ? "provisioning, " : string.Empty) + "Improv, device information, control) on " + _backend.Description);
        }
        finally
        {
            _restart.Release();
        }
    }

    /// <summary>The user's confirmation Improv asks for when authorization is required (a button on real hardware).</summary>
    public void AuthorizeImprov() => _improv?.Authorize();

    public async ValueTask DisposeAsync()
    {
        await _restart.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;

            // A provisioning service that ends after this (the device stopping) must not restart a disposed radio.
            Unsubscribe();
            _linkFaults?.Dispose();
            await StopBackendAsync().ConfigureAwait(false);
        }
        finally
        {
            _restart.Release();
        }

        _restart.Dispose();
    }

    private DeviceGattProfile BuildProfile(ProvisioningService? provisioning)
    {
        var improvOptions = new ImprovOptions
        {
            RequireAuthorization = _options.ImprovRequiresAuthorization,
            AlreadyProvisioned = provisioning == null,
            RedirectUrls = _redirectUrls,
            FirmwareName = "Accessory",
            FirmwareVersion = _information.FirmwareRevision,
            Hardware = _information.Model,
            DeviceName = _name,
        };
        var improv = new ImprovService(new ManagerImprovProvisioner(provisioning?.Manager, _radio, _clock, _options.ImprovJoinTimeoutMilliseconds), improvOptions, _clock);
        improv.IdentifyRequested += () => _commands.Complete(_commands.Execute(CommandNames.Identify, "{\"seconds\":5}"u8.ToArray()));
        _improv = improv;
        return new DeviceGattProfile(new DeviceGattProfileOptions
        {
            LocalName = _name,
            ProvisioningRouter = provisioning?.Router,
            ProvisioningServiceUuid = BleUuid.Parse(_options.ProvisioningServiceUuid),
            Improv = improv,
            DeviceInformation = _information,
            Commands = _commands,
            ControlToken = _controlToken,
        });
    }

    private void Unsubscribe()
    {
        if (_served != null)
        {
            _served.Manager.Ended -= OnProvisioningEnded;
            _served = null;
        }
    }

    private void OnProvisioningEnded(string reason)
    {
        if (_disposed)
        {
            return;
        }

        _log.Write(LogLevel.Information, Component, "provisioning ended (" + reason + "); restarting BLE without the provisioning service");
        var ended = _served;
        _ = Task.Run(async () =>
        {
            try
            {
                // A device reboot may have restarted BLE with a new provisioning service meanwhile: keep that one.
                await StartAsync(null, ended).ConfigureAwait(false);
            }
            catch (ObjectDisposedException) when (_disposed)
            {
                // The device stopped while the restart was queued: nothing to restart.
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _log.Write(LogLevel.Error, Component, "BLE restart failed: " + e.Message);
            }
        });
    }

    private async Task StopBackendAsync()
    {
        var backend = _backend;
        _backend = null;
        if (backend != null)
        {
            await backend.DisposeAsync().ConfigureAwait(false);
        }
    }
}
