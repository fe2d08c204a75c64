using System.Collections;

namespace Accessory.Core.Ble;

/// <summary>A primary service and its characteristics, in declaration order.</summary>
public sealed class GattService
{
    private readonly ArrayList _characteristics = new ArrayList();

    public GattService(BleUuid uuid)
    {
        Uuid = uuid;
    }

    public BleUuid Uuid { get; }

    /// <summary>The service declaration's handle; assigned by the database.</summary>
    public int Handle { get; internal set; }

    /// <summary>The last handle the service spans; assigned by the database.</summary>
    public int EndHandle { get; internal set; }

    public GattCharacteristic[] Characteristics
    {
        get
        {
            var all = new GattCharacteristic[_characteristics.Count];
            _characteristics.CopyTo(all);
            return all;
        }
    }

    public GattService Add(GattCharacteristic characteristic)
    {
        _characteristics.Add(characteristic);
        return this;
    }
}
