using Accessory.Core.Ble;
using Accessory.Simulator.Ble.Virtual;

namespace Accessory.Simulator.Tests.Ble;

/// <summary>A small GATT database standing in for the device profiles: echo, long value, notify, write-only, DIS.</summary>
internal sealed class TestGatt
{
    public const string ServiceUuid = "7e1a0000-5f4e-4b7a-9c3d-2b1e0f6a9d01";
    public const string EchoUuid = "7e1a0001-5f4e-4b7a-9c3d-2b1e0f6a9d01";
    public const string LongUuid = "7e1a0002-5f4e-4b7a-9c3d-2b1e0f6a9d01";
    public const string NotifyUuid = "7e1a0003-5f4e-4b7a-9c3d-2b1e0f6a9d01";
    public const string WriteOnlyUuid = "7e1a0004-5f4e-4b7a-9c3d-2b1e0f6a9d01";
    public const string ProtoVerUuid = "7e1a0005-5f4e-4b7a-9c3d-2b1e0f6a9d01";
    public const string ManufacturerUuid = "00002a29-0000-1000-8000-00805f9b34fb";

    public TestGatt()
    {
        LongValue = Enumerable.Range(0, 300).Select(i => (byte)(i % 251)).ToArray();
        Echo = new GattCharacteristic(BleUuid.Parse(EchoUuid), GattProperty.Read | GattProperty.Write, EchoHandler).Describe("echo");
        Long = new GattCharacteristic(BleUuid.Parse(LongUuid), GattProperty.Read, new FixedValueHandler(LongValue)).Describe("long");
        Notify = new GattCharacteristic(BleUuid.Parse(NotifyUuid), GattProperty.Read | GattProperty.Notify, new FixedValueHandler([1])).Describe("notify");
        WriteOnly = new GattCharacteristic(BleUuid.Parse(WriteOnlyUuid), GattProperty.Write, new FixedValueHandler([]));
        var protoVer = new GattCharacteristic(BleUuid.Parse(ProtoVerUuid), GattProperty.Read | GattProperty.Write, new EchoValueHandler()).Describe("proto-ver");
        var custom = new GattService(BleUuid.Parse(ServiceUuid)).Add(Echo).Add(Long).Add(Notify).Add(WriteOnly).Add(protoVer);
        var info = new GattService(BleUuid.FromShort(0x180A))
            .Add(new GattCharacteristic(BleUuid.Parse(ManufacturerUuid), GattProperty.Read, new FixedValueHandler("Accessory Co"u8.ToArray())));
        Database = new GattDatabase();
        Database.Add(custom);
        Database.Add(info);
        Server = new GattServer(Database);
    }

    public EchoValueHandler EchoHandler { get; } = new();

    public byte[] LongValue { get; }

    public GattCharacteristic Echo { get; }

    public GattCharacteristic Long { get; }

    public GattCharacteristic Notify { get; }

    public GattCharacteristic WriteOnly { get; }

    public GattDatabase Database { get; }

    public GattServer Server { get; }

    public static VirtualAdvertisement Advertisement { get; } = new(
        "PROV_TEST01",
        [ServiceUuid],
        new Dictionary<string, byte[]> { ["0000fe2c-0000-1000-8000-00805f9b34fb"] = [0x01, 0x02, 0x03] });
}
