namespace Accessory.Simulator;

/// <summary>How to start one simulated device.</summary>
public sealed class DeviceOptions
{
    /// <summary>Folder holding this device's settings (its NVS). Created when missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Overrides the advertised name derived from the MAC (PROV_XXXXXX).</summary>
    public string? Name { get; init; }
}
