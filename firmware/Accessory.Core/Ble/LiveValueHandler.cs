namespace Accessory.Core.Ble;

/// <summary>Produces a characteristic's current value on each read.</summary>
public delegate byte[] GattValueSource();

/// <summary>A read-only value that follows the device (Improv state, error and result; the lamp's state); writes are refused.</summary>
public sealed class LiveValueHandler : IGattValueHandler
{
    private readonly GattValueSource _source;

    public LiveValueHandler(GattValueSource source)
    {
        _source = source;
    }

    public GattReadResult Read(GattConnection connection, int offset) => GattReadResult.Ok(_source());

    public GattStatus Write(GattConnection connection, int offset, byte[] data) => GattStatus.WriteNotPermitted;
}
