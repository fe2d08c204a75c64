using System;
using Accessory.Core.Ble.Advertising;
using Accessory.Core.Ble.Control;
using Accessory.Core.Ble.DeviceInfo;
using Accessory.Core.Ble.Improv;
using Accessory.Core.Ble.Provisioning;

namespace Accessory.Core.Ble;

/// <summary>Raised when what the device advertises changed (Improv's state is in its service data).</summary>
public delegate void AdvertisementChangedHandler(DeviceGattProfile profile);

/// <summary>
/// Everything the device serves over BLE, composed once: ESP-IDF provisioning (while offered), Improv, Device
/// Information and lamp control, in one attribute database with one <see cref="GattServer"/>, plus what to advertise.
/// A GATT table does not change under connected centrals, so the body builds a new profile (and restarts
/// advertising) when provisioning starts or ends.
/// </summary>
public sealed class DeviceGattProfile
{
    public DeviceGattProfile(DeviceGattProfileOptions options)
    {
        if (options == null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        LocalName = options.LocalName ?? string.Empty;
        Database = new GattDatabase();
        if (options.ProvisioningRouter != null)
        {
            Provisioning = ProvisioningGattService.Build(options.ProvisioningRouter, options.ProvisioningServiceUuid);
            Database.Add(Provisioning);
        }

        if (options.Improv != null)
        {
            Improv = new ImprovGattService(options.Improv);
            Database.Add(Improv.Service);
            options.Improv.StateChanged += changed => AdvertisementChanged?.Invoke(this);
        }

        if (options.DeviceInformation != null)
        {
            DeviceInformation = DeviceInformationService.Build(options.DeviceInformation);
            Database.Add(DeviceInformation);
        }

        if (options.Commands != null)
        {
            Control = new ControlGattService(options.Commands, options.ControlToken ?? throw new System.ArgumentException("the control service needs the access token (ControlToken)", nameof(options)));
            Database.Add(Control.Service);
        }

        Server = new GattServer(Database);
        Improv?.Attach(Server);
        Control?.Attach(Server);
    }

    public event AdvertisementChangedHandler? AdvertisementChanged;

    public string LocalName { get; }

    public GattDatabase Database { get; }

    public GattServer Server { get; }

    public GattService? Provisioning { get; }

    public ImprovGattService? Improv { get; }

    public GattService? DeviceInformation { get; }

    public ControlGattService? Control { get; }

    /// <summary>
    /// What to advertise now: the name, the provisioning service first (Espressif's apps look for it), then Improv
    /// and control, and Improv's state as service data.
    /// </summary>
    public BleAdvertisement Advertisement()
    {
        var advertisement = new BleAdvertisement(LocalName);
        if (Provisioning != null)
        {
            advertisement.AddServiceUuid(Provisioning.Uuid);
        }

        if (Improv != null)
        {
            advertisement.AddServiceUuid(Improv.Service.Uuid);
            advertisement.AddServiceData(ImprovUuids.ServiceData, Improv.Improv.ServiceData());
        }

        if (Control != null)
        {
            advertisement.AddServiceUuid(Control.Service.Uuid);
        }

        return advertisement;
    }
}
