using System;

namespace Accessory.Core.Ble;

/// <summary>Characteristic properties, with the bit values of the ATT characteristic declaration.</summary>
[Flags]
public enum GattProperty
{
    None = 0,
    Read = 0x02,
    WriteWithoutResponse = 0x04,
    Write = 0x08,
    Notify = 0x10,
    Indicate = 0x20,
}
