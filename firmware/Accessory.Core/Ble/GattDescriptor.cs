namespace Accessory.Core.Ble;

/// <summary>A read-only descriptor with a fixed value (e.g. 0x2901 Characteristic User Description).</summary>
public sealed class GattDescriptor
{
    /// <summary>Characteristic User Description: the endpoint name for ESP-IDF provisioning characteristics.</summary>
    public const int UserDescription = 0x2901;

    public GattDescriptor(BleUuid uuid, byte[] value)
    {
        Uuid = uuid;
        Value = value;
    }

    public BleUuid Uuid { get; }

    public byte[] Value { get; }

    /// <summary>Assigned when the service is added to a <see cref="GattDatabase"/>.</summary>
    public int Handle { get; internal set; }
}
