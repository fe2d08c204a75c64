namespace Accessory.Phone.Ble;

/// <summary>A value the device pushed for a subscribed characteristic.</summary>
public sealed record BleNotification(int ValueHandle, byte[] Value);
