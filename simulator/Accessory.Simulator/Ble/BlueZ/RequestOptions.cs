using Tmds.DBus.Protocol;

namespace Accessory.Simulator.Ble.BlueZ;

/// <summary>The a{sv} options bluetoothd passes with ReadValue/WriteValue; integers are accepted in any width.</summary>
internal sealed class RequestOptions
{
    private RequestOptions(Dictionary<string, VariantValue> options)
    {
        Offset = Integer(options, "offset") ?? 0;
        Mtu = Integer(options, "mtu");
        Device = options.TryGetValue("device", out var device) && device.Type == VariantValueType.ObjectPath ? device.GetObjectPathAsString() : string.Empty;
        PrepareAuthorize = options.TryGetValue("prepare-authorize", out var prepare) && prepare.Type == VariantValueType.Bool && prepare.GetBool();
    }

    public int Offset { get; }

    public int? Mtu { get; }

    /// <summary>The remote central's object path; empty when bluetoothd did not say (BlueZ before 5.47).</summary>
    public string Device { get; }

    /// <summary>bluetoothd asking whether a prepared (long) write would be authorized, not writing it.</summary>
    public bool PrepareAuthorize { get; }

    public static RequestOptions From(Dictionary<string, VariantValue> options) => new(options);

    private static int? Integer(Dictionary<string, VariantValue> options, string key)
    {
        if (!options.TryGetValue(key, out var value))
        {
            return null;
        }

        return value.Type switch
        {
            VariantValueType.Byte => value.GetByte(),
            VariantValueType.UInt16 => value.GetUInt16(),
            VariantValueType.Int16 => value.GetInt16(),
            VariantValueType.UInt32 => (int)Math.Min(value.GetUInt32(), int.MaxValue),
            VariantValueType.Int32 => value.GetInt32(),
            _ => null,
        };
    }
}
