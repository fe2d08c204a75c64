using Accessory.Simulator.Ble.BlueZ;

namespace Accessory.Simulator.Tests.Ble.BlueZ;

/// <summary>Registration with a bluetoothd stand-in on a real private dbus-daemon.</summary>
public sealed class BluezRegistrationTests
{
    [Fact]
    public async Task Registers_the_application_then_the_advertisement_with_the_adapter()
    {
        await using var harness = await BluezHarness.StartAsync();

        Assert.Equal(FakeBluezAdapter.AdapterPath, harness.Peripheral.AdapterPath);
        Assert.Equal(
            new[] { "RegisterApplication " + BluezPeripheral.ApplicationPath, "RegisterAdvertisement " + BluezPeripheral.AdvertisementPath },
            harness.Adapter.Calls.Select(c => c.Member + " " + c.ObjectPath));
        Assert.All(harness.Adapter.Calls, c => Assert.Null(c.Error));
        Assert.True(harness.Adapter.IsRegistered("Application", BluezPeripheral.ApplicationPath));
        Assert.True(harness.Adapter.IsRegistered("Advertisement", BluezPeripheral.AdvertisementPath));
    }

    [Fact]
    public async Task The_advertisement_properties_read_over_DBus_carry_type_name_uuids_and_service_data()
    {
        await using var harness = await BluezHarness.StartAsync();

        var properties = harness.Adapter.AdvertisementProperties!;
        Assert.Equal("peripheral", properties["Type"].GetString());
        Assert.Equal("Accessory-1A2B", properties["LocalName"].GetString());
        Assert.Equal(new[] { TestGatt.ServiceUuid.ToString() }, properties["ServiceUUIDs"].GetArray<string>());
        Assert.Equal(new[] { "tx-power" }, properties["Includes"].GetArray<string>());
        var serviceData = properties["ServiceData"].GetDictionary<string, Tmds.DBus.Protocol.VariantValue>();
        Assert.Equal(new byte[] { 0x01, 0x02, 0x03 }, Unwrap(serviceData["fe2c"]).GetArray<byte>());
    }

    [Fact]
    public async Task Dispose_unregisters_the_advertisement_and_the_application()
    {
        var harness = await BluezHarness.StartAsync();
        try
        {
            await harness.Peripheral.DisposeAsync();

            Assert.Equal(
                new[] { "UnregisterAdvertisement", "UnregisterApplication" },
                harness.Adapter.Calls.Skip(2).Select(c => c.Member + (c.Error == null ? string.Empty : " " + c.Error)));
            Assert.False(harness.Adapter.IsRegistered("Application", BluezPeripheral.ApplicationPath));
            Assert.False(harness.Adapter.IsRegistered("Advertisement", BluezPeripheral.AdvertisementPath));
        }
        finally
        {
            await harness.DisposeAsync();
        }
    }

    private static Tmds.DBus.Protocol.VariantValue Unwrap(Tmds.DBus.Protocol.VariantValue value) =>
        value.Type == Tmds.DBus.Protocol.VariantValueType.Variant ? value.GetVariantValue() : value;
}
