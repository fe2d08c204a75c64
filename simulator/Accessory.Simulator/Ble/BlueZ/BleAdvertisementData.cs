namespace Accessory.Simulator.Ble.BlueZ;

/// <summary>
/// What the accessory advertises, kept to plain strings and bytes so a device profile can fill it without knowing
/// about D-Bus. UUIDs are written as BlueZ accepts them: "180a" or the full 128-bit form.
/// </summary>
public sealed class BleAdvertisementData
{
    public string? LocalName { get; set; }

    public IList<string> ServiceUuids { get; } = new List<string>();

    /// <summary>Service data keyed by the (usually 16-bit) service UUID string, e.g. "fe2c".</summary>
    public IDictionary<string, byte[]> ServiceData { get; } = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Asks BlueZ to add the TX power level; off by default because it costs 3 of the 31 advertising bytes.</summary>
    public bool IncludeTxPower { get; set; }
}
