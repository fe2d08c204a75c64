namespace Accessory.Simulator.Ble.Virtual;

/// <summary>
/// What a scan sees: plain values so the device profile's advertisement can fill it without this link knowing it.
/// UUIDs are written 128-bit strings; service data is keyed by such a string.
/// </summary>
public sealed record VirtualAdvertisement(string LocalName, IReadOnlyList<string> ServiceUuids, IReadOnlyDictionary<string, byte[]> ServiceData);
