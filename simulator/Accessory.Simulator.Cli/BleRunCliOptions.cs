using System.CommandLine;
using Accessory.Simulator.Ble;

namespace Accessory.Simulator.Cli;

/// <summary>The `run` options of the device's BLE side.</summary>
internal sealed class BleRunCliOptions
{
    public Option<string> Ble { get; } = new("--ble")
    {
        Description = "BLE radio: 'virtual' (a Unix socket, <data-dir>/ble.sock; default), 'bluez' (this host's adapter through bluetoothd) or 'off'.",
        DefaultValueFactory = _ => "virtual",
    };

    public Option<string?> Socket { get; } = new("--ble-socket") { Description = "Socket path of the virtual BLE link (default <data-dir>/ble.sock)." };

    public Option<string?> Adapter { get; } = new("--ble-adapter") { Description = "BlueZ adapter object, e.g. /org/bluez/hci1 (default: the first adapter)." };

    public Option<string> ServiceUuid { get; } = new("--ble-service-uuid")
    {
        Description = "ESP-IDF provisioning service UUID (the endpoints' UUIDs derive from it).",
        DefaultValueFactory = _ => Accessory.Core.Ble.Provisioning.ProvisioningGattUuids.DefaultService,
    };

    public Option<bool> ImprovAuthorization { get; } = new("--improv-authorization")
    {
        Description = "Improv asks for the user's confirmation before taking credentials (authorize with the device's button: not simulated yet, so only for testing the refusal).",
    };

    public IEnumerable<Option> All => new Option[] { Ble, Socket, Adapter, ServiceUuid, ImprovAuthorization };

    /// <exception cref="ArgumentException">An option is invalid; the message says which and why.</exception>
    public BleOptions? Build(ParseResult result)
    {
        var kind = result.GetValue(Ble) switch
        {
            "off" => (BleBackendKind?)null,
            "virtual" => BleBackendKind.Virtual,
            "bluez" => BleBackendKind.BlueZ,
            var other => throw new ArgumentException($"--ble must be 'virtual', 'bluez' or 'off', not '{other}'"),
        };
        if (kind is null)
        {
            return null;
        }

        string uuid = result.GetValue(ServiceUuid)!;
        if (Accessory.Core.Ble.BleUuid.TryParse(uuid) is null)
        {
            throw new ArgumentException($"--ble-service-uuid '{uuid}' is not a 128-bit UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
        }

        return new BleOptions
        {
            Backend = kind.Value,
            SocketPath = result.GetValue(Socket),
            AdapterPath = result.GetValue(Adapter),
            ProvisioningServiceUuid = uuid,
            ImprovRequiresAuthorization = result.GetValue(ImprovAuthorization),
        };
    }
}
