namespace Accessory.Phone.Ble;

/// <summary>What a scan shows of a device: its local name, advertised service UUIDs and service data.</summary>
public sealed record ScannedAdvertisement(string LocalName, IReadOnlyList<string> ServiceUuids, IReadOnlyDictionary<string, byte[]> ServiceData);
