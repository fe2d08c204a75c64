namespace Accessory.Simulator.Ble.BlueZ;

/// <summary>Where to find bluetoothd and which adapter to use; the defaults suit a Raspberry Pi or laptop.</summary>
public sealed class BluezPeripheralOptions
{
    /// <summary>A D-Bus address ("unix:path=..."); null means the system bus, where bluetoothd lives.</summary>
    public string? BusAddress { get; set; }

    /// <summary>An adapter object path such as "/org/bluez/hci0"; null picks the first adapter offering GattManager1.</summary>
    public string? AdapterPath { get; set; }

    /// <summary>Where the outcome of a dropped link (ble.disconnect) is told; nowhere when null.</summary>
    public Accessory.Core.Ports.ILog? Log { get; set; }
}
