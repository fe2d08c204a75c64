using Accessory.Core.Ble;

namespace Accessory.Simulator.Tests.Ble.BlueZ;

/// <summary>A characteristic value that never changes.</summary>
internal sealed class FixedValue : IGattValueHandler
{
    private readonly byte[] _value;

    public FixedValue(byte[] value)
    {
        _value = value;
    }

    public GattReadResult Read(GattConnection connection, int offset) => GattReadResult.Ok(_value);

    public GattStatus Write(GattConnection connection, int offset, byte[] data) => GattStatus.WriteNotPermitted;
}
