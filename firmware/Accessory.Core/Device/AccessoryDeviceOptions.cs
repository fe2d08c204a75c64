namespace Accessory.Core.Device;

/// <summary>What a body tells the device object about itself: plain values, no ports.</summary>
public sealed class AccessoryDeviceOptions
{
    /// <summary>The name the device shows (SoftAP SSID, mDNS, BLE); null means the identity's PROV_XXXXXX.</summary>
    public string? Name { get; set; }

    public string Manufacturer { get; set; } = "Accessory";

    public string Model { get; set; } = "sim-lamp";

    public string FirmwareVersion { get; set; } = "0.1.0";

    /// <summary>
    /// The chip's factory MAC (6 bytes), stored as the identity when the settings hold none, as ESP-IDF reads it
    /// from eFuse. Null lets the device make a random locally administered one (the simulator).
    /// </summary>
    public byte[]? FactoryMac { get; set; }
}
