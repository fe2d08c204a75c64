namespace Accessory.Core.Ble.Advertising;

/// <summary>Service data in an advertisement: a 16-bit service UUID and its bytes.</summary>
public sealed class BleServiceData
{
    public BleServiceData(int uuid16, byte[] data)
    {
        Uuid16 = uuid16;
        Data = data ?? new byte[0];
    }

    public int Uuid16 { get; }

    public byte[] Data { get; }
}
