using Accessory.Core.Text;

namespace Accessory.Simulator.Tests.Ble.BlueZ;

/// <summary>The application tree bluetoothd reads with GetManagedObjects while the application registers.</summary>
public sealed class BluezGattTreeTests
{
    private const string Service = "org.bluez.GattService1";
    private const string Characteristic = "org.bluez.GattCharacteristic1";
    private const string Descriptor = "org.bluez.GattDescriptor1";

    [Fact]
    public async Task Exports_the_primary_service_with_its_characteristics_and_descriptor()
    {
        await using var harness = await BluezHarness.StartAsync();
        var objects = harness.Adapter.ApplicationObjects!;

        Assert.Equal(
            new[] { "/accessory/gatt/service0", TestGatt.ReadOnlyPath, TestGatt.DescriptionPath, TestGatt.EchoPath, TestGatt.LongPath, TestGatt.NotifyPath },
            objects.Keys.Order(StringComparer.Ordinal));
        var service = objects["/accessory/gatt/service0"][Service];
        Assert.Equal(TestGatt.ServiceUuid.ToString(), service["UUID"].GetString());
        Assert.True(service["Primary"].GetBool());
    }

    [Fact]
    public async Task Characteristics_carry_uuid_service_and_flags()
    {
        await using var harness = await BluezHarness.StartAsync();
        var objects = harness.Adapter.ApplicationObjects!;

        Assert.Equal(TestGatt.EchoUuid.ToString(), objects[TestGatt.EchoPath][Characteristic]["UUID"].GetString());
        Assert.Equal("/accessory/gatt/service0", objects[TestGatt.EchoPath][Characteristic]["Service"].GetObjectPathAsString());
        Assert.Equal(new[] { "read" }, Flags(objects[TestGatt.ReadOnlyPath]));
        Assert.Equal(new[] { "read", "write", "write-without-response" }, Flags(objects[TestGatt.EchoPath]));
        Assert.Equal(new[] { "read", "notify" }, Flags(objects[TestGatt.NotifyPath]));
    }

    [Fact]
    public async Task The_user_description_descriptor_reads_its_text()
    {
        await using var harness = await BluezHarness.StartAsync();
        var descriptor = harness.Adapter.ApplicationObjects![TestGatt.DescriptionPath][Descriptor];
        using var client = await FakeBluezGattClient.ConnectAsync(harness.Adapter);

        var value = await client.ReadValueAsync(TestGatt.DescriptionPath, FakeBluezGattClient.Options(device: "/org/bluez/hci0/dev_AA"), Descriptor);

        Assert.Equal("00002901-0000-1000-8000-00805f9b34fb", descriptor["UUID"].GetString());
        Assert.Equal(TestGatt.ReadOnlyPath, descriptor["Characteristic"].GetObjectPathAsString());
        Assert.Equal("Firmware", Utf8.Decode(value));
    }

    private static string[] Flags(Dictionary<string, Dictionary<string, Tmds.DBus.Protocol.VariantValue>> node) =>
        node[Characteristic]["Flags"].GetArray<string>();
}
