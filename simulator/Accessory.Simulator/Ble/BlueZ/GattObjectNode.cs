using Accessory.Core.Ble;
using Tmds.DBus.Protocol;

namespace Accessory.Simulator.Ble.BlueZ;

/// <summary>One exported object of the GATT application: its path, its BlueZ interface and that interface's properties.</summary>
internal sealed class GattObjectNode
{
    public GattObjectNode(string path, string @interface, Dictionary<string, VariantValue> properties, GattCharacteristic? characteristic = null, GattDescriptor? descriptor = null)
    {
        Path = path;
        Interface = @interface;
        Properties = properties;
        Characteristic = characteristic;
        Descriptor = descriptor;
    }

    public string Path { get; }

    public string Interface { get; }

    public Dictionary<string, VariantValue> Properties { get; }

    /// <summary>Set for characteristic nodes.</summary>
    public GattCharacteristic? Characteristic { get; }

    /// <summary>Set for descriptor nodes.</summary>
    public GattDescriptor? Descriptor { get; }

    /// <summary>The attribute handle ReadValue/WriteValue act on.</summary>
    public int Handle => Descriptor?.Handle ?? Characteristic?.Handle ?? 0;
}
