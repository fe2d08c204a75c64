using Accessory.Core.Ble.DeviceInfo;
using Accessory.Core.Ble.Improv;
using Accessory.Core.Commands;
using Accessory.Core.Provisioning;

namespace Accessory.Core.Ble;

/// <summary>What a device serves over BLE; a null part is left out of the profile.</summary>
public sealed class DeviceGattProfileOptions
{
    /// <summary>Advertised name, e.g. PROV_A1B2C3 (cut to 29 UTF-8 bytes).</summary>
    public string LocalName { get; set; } = string.Empty;

    /// <summary>The protocomm router while ESP-IDF provisioning is offered; null once the device is provisioned.</summary>
    public ProtocommRouter? ProvisioningRouter { get; set; }

    public BleUuid ProvisioningServiceUuid { get; set; } = BleUuid.Parse(Provisioning.ProvisioningGattUuids.DefaultService);

    public ImprovService? Improv { get; set; }

    public DeviceInformation? DeviceInformation { get; set; }

    public DeviceCommands? Commands { get; set; }

    /// <summary>The access token the control service requires before commands (required with <see cref="Commands"/>).</summary>
    public LocalApi.AccessToken? ControlToken { get; set; }
}
