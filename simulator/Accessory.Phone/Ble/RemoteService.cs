namespace Accessory.Phone.Ble;

/// <summary>A discovered primary service and the handle range it spans.</summary>
public sealed record RemoteService(int Handle, int EndHandle, string Uuid, IReadOnlyList<RemoteCharacteristic> Characteristics);
