using Accessory.Core.Ble;
using Accessory.Core.Text;

namespace Accessory.Simulator.Tests.Ble.BlueZ;

/// <summary>
/// The GATT database the BlueZ tests export: one service with a read-only value (described by 0x2901), a writable
/// echo, a 100-byte value for long reads, and a notifying characteristic.
/// </summary>
internal sealed class TestGatt
{
    public static readonly BleUuid ServiceUuid = BleUuid.Parse("6e400001-b5a3-f393-e0a9-e50e24dcca9e");
    public static readonly BleUuid ReadOnlyUuid = BleUuid.Parse("6e400002-b5a3-f393-e0a9-e50e24dcca9e");
    public static readonly BleUuid EchoUuid = BleUuid.Parse("6e400003-b5a3-f393-e0a9-e50e24dcca9e");
    public static readonly BleUuid LongUuid = BleUuid.Parse("6e400004-b5a3-f393-e0a9-e50e24dcca9e");
    public static readonly BleUuid NotifyUuid = BleUuid.Parse("6e400005-b5a3-f393-e0a9-e50e24dcca9e");

    public TestGatt()
    {
        LongValue = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        Echo = new EchoValue();
        ReadOnly = new GattCharacteristic(ReadOnlyUuid, GattProperty.Read, new FixedValue(Utf8.Encode("fw 1.2.3"))).Describe("Firmware");
        Notifying = new GattCharacteristic(NotifyUuid, GattProperty.Read | GattProperty.Notify, new FixedValue(new byte[] { 0 }));
        var service = new GattService(ServiceUuid)
            .Add(ReadOnly)
            .Add(new GattCharacteristic(EchoUuid, GattProperty.Read | GattProperty.Write | GattProperty.WriteWithoutResponse, Echo))
            .Add(new GattCharacteristic(LongUuid, GattProperty.Read, new FixedValue(LongValue)))
            .Add(Notifying);
        var database = new GattDatabase();
        database.Add(service);
        Server = new GattServer(database);
    }

    /// <summary>Object paths of the characteristics as the peripheral lays them out.</summary>
    public const string ReadOnlyPath = "/accessory/gatt/service0/char0";
    public const string DescriptionPath = "/accessory/gatt/service0/char0/desc0";
    public const string EchoPath = "/accessory/gatt/service0/char1";
    public const string LongPath = "/accessory/gatt/service0/char2";
    public const string NotifyPath = "/accessory/gatt/service0/char3";

    public GattServer Server { get; }

    public GattCharacteristic ReadOnly { get; }

    public GattCharacteristic Notifying { get; }

    public EchoValue Echo { get; }

    public byte[] LongValue { get; }
}
