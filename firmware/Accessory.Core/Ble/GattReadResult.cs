namespace Accessory.Core.Ble;

/// <summary>What a read produced: a status and, on success, the bytes.</summary>
public sealed class GattReadResult
{
    public GattReadResult(GattStatus status, byte[] value)
    {
        Status = status;
        Value = value;
    }

    public GattStatus Status { get; }

    public byte[] Value { get; }

    public static GattReadResult Ok(byte[] value) => new GattReadResult(GattStatus.Success, value);

    public static GattReadResult Error(GattStatus status) => new GattReadResult(status, new byte[0]);
}
