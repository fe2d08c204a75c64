namespace Accessory.Simulator.Ble;

/// <summary>Which radio the simulated device's GATT server is reached through.</summary>
public enum BleBackendKind
{
    /// <summary>The virtual link: a Unix socket any machine has (CI, laptops); clients: `accessory-sim ble`, tests.</summary>
    Virtual,

    /// <summary>The host's real Bluetooth adapter through bluetoothd (BlueZ) over D-Bus, so real phones see it.</summary>
    BlueZ,
}
