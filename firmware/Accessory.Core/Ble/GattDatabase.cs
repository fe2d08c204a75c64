using System;
using System.Collections;

namespace Accessory.Core.Ble;

/// <summary>
/// The attribute table: services added in order get consecutive handles (service declaration, then per
/// characteristic its declaration, value, a 0x2902 client configuration when it notifies, and its descriptors).
/// </summary>
public sealed class GattDatabase
{
    /// <summary>Client Characteristic Configuration: where a central switches notifications on.</summary>
    public const int ClientConfiguration = 0x2902;

    private readonly ArrayList _services = new ArrayList();
    private int _nextHandle = 1;

    public GattService[] Services
    {
        get
        {
            var all = new GattService[_services.Count];
            _services.CopyTo(all);
            return all;
        }
    }

    public void Add(GattService service)
    {
        if (service == null)
        {
            throw new ArgumentNullException(nameof(service));
        }

        service.Handle = _nextHandle++;
        var characteristics = service.Characteristics;
        for (int i = 0; i < characteristics.Length; i++)
        {
            var characteristic = characteristics[i];
            _nextHandle++; // characteristic declaration
            characteristic.Handle = _nextHandle++;
            if (characteristic.Has(GattProperty.Notify) || characteristic.Has(GattProperty.Indicate))
            {
                characteristic.ConfigurationHandle = _nextHandle++;
            }

            var descriptors = characteristic.Descriptors;
            for (int d = 0; d < descriptors.Length; d++)
            {
                descriptors[d].Handle = _nextHandle++;
            }
        }

        service.EndHandle = _nextHandle - 1;
        _services.Add(service);
    }

    /// <summary>The characteristic whose value handle or client configuration handle this is; null otherwise.</summary>
    public GattCharacteristic? CharacteristicAt(int handle)
    {
        for (int s = 0; s < _services.Count; s++)
        {
            var characteristics = ((GattService)_services[s]!).Characteristics;
            for (int i = 0; i < characteristics.Length; i++)
            {
                if (characteristics[i].Handle == handle || (characteristics[i].ConfigurationHandle != 0 && characteristics[i].ConfigurationHandle == handle))
                {
                    return characteristics[i];
                }
            }
        }

        return null;
    }

    public GattDescriptor? DescriptorAt(int handle)
    {
        for (int s = 0; s < _services.Count; s++)
        {
            var characteristics = ((GattService)_services[s]!).Characteristics;
            for (int i = 0; i < characteristics.Length; i++)
            {
                var descriptors = characteristics[i].Descriptors;
                for (int d = 0; d < descriptors.Length; d++)
                {
                    if (descriptors[d].Handle == handle)
                    {
                        return descriptors[d];
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The first characteristic with this UUID, in table order; null when none.</summary>
    public GattCharacteristic? Find(BleUuid uuid)
    {
        for (int s = 0; s < _services.Count; s++)
        {
            var characteristics = ((GattService)_services[s]!).Characteristics;
            for (int i = 0; i < characteristics.Length; i++)
            {
                if (characteristics[i].Uuid.SameAs(uuid))
                {
                    return characteristics[i];
                }
            }
        }

        return null;
    }
}
