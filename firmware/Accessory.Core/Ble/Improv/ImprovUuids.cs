namespace Accessory.Core.Ble.Improv;

/// <summary>UUIDs of the Improv Wi-Fi BLE service (improv-wifi.com/ble); characteristics share the service prefix.</summary>
public static class ImprovUuids
{
    public const string Service = "00467768-6228-2272-4663-277478268000";
    public const string CurrentState = "00467768-6228-2272-4663-277478268001";
    public const string ErrorState = "00467768-6228-2272-4663-277478268002";
    public const string RpcCommand = "00467768-6228-2272-4663-277478268003";
    public const string RpcResult = "00467768-6228-2272-4663-277478268004";
    public const string Capabilities = "00467768-6228-2272-4663-277478268005";

    /// <summary>16-bit UUID under which the advertisement carries state and capabilities as service data.</summary>
    public const int ServiceData = 0x4677;
}
