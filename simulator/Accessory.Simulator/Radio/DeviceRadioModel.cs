namespace Accessory.Simulator.Radio;

/// <summary>What the simulated device's radio can do. The defaults are an ESP32: 2.4 GHz only, WPA3-SAE capable.</summary>
public sealed class DeviceRadioModel
{
    public static DeviceRadioModel Esp32 { get; } = new DeviceRadioModel();

    public bool Supports5GHz { get; init; }

    public bool SupportsWpa3 { get; init; } = true;

    public bool CanUse(WifiBand band) => band == WifiBand.Band24GHz || Supports5GHz;
}
