namespace Accessory.Core.Ble.Improv;

/// <summary>Improv RPC command ids the BLE service answers, and the capability bits it advertises for them.</summary>
public static class ImprovCommands
{
    public const int WifiSettings = 0x01;
    public const int Identify = 0x02;
    public const int DeviceInfo = 0x03;
    public const int Scan = 0x04;

    public const int CapabilityIdentify = 0x01;
    public const int CapabilityDeviceInfo = 0x02;
    public const int CapabilityScan = 0x04;
}
