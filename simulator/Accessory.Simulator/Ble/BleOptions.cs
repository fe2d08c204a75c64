namespace Accessory.Simulator.Ble;

/// <summary>How the simulated device offers BLE: provisioning (ESP-IDF and Improv), device information, lamp control.</summary>
public sealed class BleOptions
{
    public BleBackendKind Backend { get; init; } = BleBackendKind.Virtual;

    /// <summary>Virtual link socket; &lt;data dir&gt;/ble.sock when null.</summary>
    public string? SocketPath { get; init; }

    /// <summary>BlueZ: the D-Bus address (the system bus when null) and adapter object (the first adapter when null).</summary>
    public string? BusAddress { get; init; }

    public string? AdapterPath { get; init; }

    /// <summary>The ESP-IDF provisioning service UUID (the endpoints' UUIDs derive from it).</summary>
    public string ProvisioningServiceUuid { get; init; } = Accessory.Core.Ble.Provisioning.ProvisioningGattUuids.DefaultService;

    /// <summary>Improv: require the user's confirmation before accepting credentials (see DeviceBle.AuthorizeImprov).</summary>
    public bool ImprovRequiresAuthorization { get; init; }

    /// <summary>Improv: how long a join may take before the phone is told it failed.</summary>
    public int ImprovJoinTimeoutMilliseconds { get; init; } = 30_000;
}
