using Accessory.Core.Text;

namespace Accessory.Core.Ble.DeviceInfo;

/// <summary>The Bluetooth SIG Device Information service: read-only UTF-8 strings.</summary>
public static class DeviceInformationService
{
    public const int Service = 0x180A;
    public const int ManufacturerName = 0x2A29;
    public const int ModelNumber = 0x2A24;
    public const int SerialNumber = 0x2A25;
    public const int FirmwareRevision = 0x2A26;

    public static GattService Build(DeviceInformation info)
    {
        if (info == null)
        {
            throw new System.ArgumentNullException(nameof(info));
        }

        return new GattService(BleUuid.FromShort(Service))
            .Add(Text(ManufacturerName, info.Manufacturer))
            .Add(Text(ModelNumber, info.Model))
            .Add(Text(SerialNumber, info.SerialNumber))
            .Add(Text(FirmwareRevision, info.FirmwareRevision));
    }

    private static GattCharacteristic Text(int uuid, string value) =>
        new GattCharacteristic(BleUuid.FromShort(uuid), GattProperty.Read, new StaticValueHandler(Utf8.Encode(value)));
}
