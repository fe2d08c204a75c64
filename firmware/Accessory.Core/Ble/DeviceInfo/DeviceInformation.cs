namespace Accessory.Core.Ble.DeviceInfo;

/// <summary>The strings the Device Information service (0x180A) serves.</summary>
public sealed class DeviceInformation
{
    public DeviceInformation(string manufacturer, string model, string serialNumber, string firmwareRevision)
    {
        Manufacturer = manufacturer ?? string.Empty;
        Model = model ?? string.Empty;
        SerialNumber = serialNumber ?? string.Empty;
        FirmwareRevision = firmwareRevision ?? string.Empty;
    }

    public string Manufacturer { get; }

    public string Model { get; }

    /// <summary>The device id, so a phone can tell devices apart before provisioning.</summary>
    public string SerialNumber { get; }

    public string FirmwareRevision { get; }
}
