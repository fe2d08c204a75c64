using System.Collections;

namespace Accessory.Core.Ble;

/// <summary>A characteristic: UUID, properties, the handler serving its value, and its descriptors.</summary>
public sealed class GattCharacteristic
{
    private readonly ArrayList _descriptors = new ArrayList();

    public GattCharacteristic(BleUuid uuid, GattProperty properties, IGattValueHandler handler)
    {
        Uuid = uuid;
        Properties = properties;
        Handler = handler;
    }

    public BleUuid Uuid { get; }

    public GattProperty Properties { get; }

    public IGattValueHandler Handler { get; }

    /// <summary>The value handle (the declaration is the handle before it); assigned by the database.</summary>
    public int Handle { get; internal set; }

    /// <summary>The 0x2902 client configuration handle for notifying characteristics; 0 when it has none.</summary>
    public int ConfigurationHandle { get; internal set; }

    public GattDescriptor[] Descriptors
    {
        get
        {
            var all = new GattDescriptor[_descriptors.Count];
            _descriptors.CopyTo(all);
            return all;
        }
    }

    public bool Has(GattProperty property) => (Properties & property) == property;

    public GattCharacteristic AddDescriptor(GattDescriptor descriptor)
    {
        _descriptors.Add(descriptor);
        return this;
    }

    /// <summary>Adds a 0x2901 user description (UTF-8 text).</summary>
    public GattCharacteristic Describe(string text) =>
        AddDescriptor(new GattDescriptor(BleUuid.FromShort(GattDescriptor.UserDescription), Accessory.Core.Text.Utf8.Encode(text)));
}
