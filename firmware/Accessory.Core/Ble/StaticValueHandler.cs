namespace Accessory.Core.Ble;

/// <summary>A fixed value (Device Information strings, Improv capabilities); writes are refused.</summary>
public sealed class StaticValueHandler : IGattValueHandler
{
    private readonly byte[] _value;

    public StaticValueHandler(byte[] value)
    {
        _value = value ?? new byte[0];
    }

    public GattReadResult Read(GattConnection connection, int offset) => GattReadResult.Ok(_value);

    public GattStatus Write(GattConnection connection, int offset, byte[] data) => GattStatus.WriteNotPermitted;
}
