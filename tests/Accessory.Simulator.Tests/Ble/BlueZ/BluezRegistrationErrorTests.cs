using Accessory.Simulator.Ble.BlueZ;

namespace Accessory.Simulator.Tests.Ble.BlueZ;

/// <summary>What the peripheral says and undoes when bluetoothd is missing or refuses.</summary>
public sealed class BluezRegistrationErrorTests
{
    [Fact]
    public async Task No_org_bluez_on_the_bus_says_bluetoothd_is_not_running()
    {
        using var bus = await PrivateDbusDaemon.StartAsync();
        await using var peripheral = new BluezPeripheral(new TestGatt().Server, BluezHarness.Advertisement(), new BluezPeripheralOptions { BusAddress = bus.Address });

        var e = await Assert.ThrowsAsync<BluezException>(peripheral.StartAsync);

        Assert.StartsWith("bluetoothd is not running (no org.bluez on the ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_adapter_with_GattManager1_says_no_Bluetooth_adapter_found()
    {
        var adapter = new FakeBluezAdapter { ExportAdapter = false };

        var e = await Assert.ThrowsAsync<BluezException>(() => BluezHarness.StartAsync(adapter));

        Assert.StartsWith("no Bluetooth adapter found", e.Message, StringComparison.Ordinal);
        Assert.Empty(adapter.Calls);
    }

    [Fact]
    public async Task A_leftover_registration_is_unregistered_and_registration_retried_once()
    {
        var adapter = new FakeBluezAdapter { LeftoverRegistrations = true };
        await using var harness = await BluezHarness.StartAsync(adapter);

        Assert.Equal(
            new[]
            {
                "RegisterApplication org.bluez.Error.AlreadyExists", "UnregisterApplication", "RegisterApplication",
                "RegisterAdvertisement org.bluez.Error.AlreadyExists", "UnregisterAdvertisement", "RegisterAdvertisement",
            },
            adapter.Calls.Select(c => c.Member + (c.Error == null ? string.Empty : " " + c.Error)));
        Assert.True(adapter.IsRegistered("Advertisement", BluezPeripheral.AdvertisementPath));
    }

    [Fact]
    public async Task AlreadyExists_after_the_retry_fails_with_a_clear_message()
    {
        var adapter = new FakeBluezAdapter { AlwaysAlreadyExists = true };

        var e = await Assert.ThrowsAsync<BluezException>(() => BluezHarness.StartAsync(adapter));

        Assert.Contains("still reports the GATT application", e.Message, StringComparison.Ordinal);
        Assert.Equal("org.bluez.Error.AlreadyExists", e.ErrorName);
        Assert.Equal(3, adapter.Calls.Count);
    }

    [Fact]
    public async Task NotPermitted_advertising_names_the_refusal_and_takes_the_application_down()
    {
        var adapter = new FakeBluezAdapter { RefuseAdvertisementWith = "org.bluez.Error.NotPermitted" };
        await using var harness = await BluezHarness.CreateAsync(adapter);

        // Checked before the peripheral is disposed: a failed start must not leave the application registered.
        var e = await Assert.ThrowsAsync<BluezException>(harness.Peripheral.StartAsync);

        Assert.Contains("BlueZ refused to register the advertisement on /org/bluez/hci0", e.Message, StringComparison.Ordinal);
        Assert.Contains("org.bluez.Error.NotPermitted", e.Message, StringComparison.Ordinal);
        Assert.Equal("org.bluez.Error.NotPermitted", e.ErrorName);
        Assert.Equal("UnregisterApplication", adapter.Calls[^1].Member);
        Assert.False(adapter.IsRegistered("Application", BluezPeripheral.ApplicationPath));
    }
}
