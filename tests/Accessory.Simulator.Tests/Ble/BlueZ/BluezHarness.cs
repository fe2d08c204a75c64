using Accessory.Simulator.Ble.BlueZ;

namespace Accessory.Simulator.Tests.Ble.BlueZ;

/// <summary>A private bus, the fake org.bluez on it and a started peripheral exporting <see cref="TestGatt"/>.</summary>
internal sealed class BluezHarness : IAsyncDisposable
{
    private BluezHarness(PrivateDbusDaemon bus, FakeBluezAdapter adapter, TestGatt gatt, BluezPeripheral peripheral)
    {
        Bus = bus;
        Adapter = adapter;
        Gatt = gatt;
        Peripheral = peripheral;
    }

    public PrivateDbusDaemon Bus { get; }

    public FakeBluezAdapter Adapter { get; }

    public TestGatt Gatt { get; }

    public BluezPeripheral Peripheral { get; }

    public static BleAdvertisementData Advertisement()
    {
        var data = new BleAdvertisementData { LocalName = "Accessory-1A2B", IncludeTxPower = true };
        data.ServiceUuids.Add(TestGatt.ServiceUuid.ToString());
        data.ServiceData["fe2c"] = new byte[] { 0x01, 0x02, 0x03 };
        return data;
    }

    /// <summary>Bus and fake adapter running, the peripheral built but not started.</summary>
    public static async Task<BluezHarness> CreateAsync(FakeBluezAdapter? adapter = null)
    {
        var bus = await PrivateDbusDaemon.StartAsync();
        adapter ??= new FakeBluezAdapter();
        var gatt = new TestGatt();
        var peripheral = new BluezPeripheral(gatt.Server, Advertisement(), new BluezPeripheralOptions { BusAddress = bus.Address });
        var harness = new BluezHarness(bus, adapter, gatt, peripheral);
        try
        {
            await adapter.StartAsync(bus.Address);
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    public static async Task<BluezHarness> StartAsync(FakeBluezAdapter? adapter = null)
    {
        var harness = await CreateAsync(adapter);
        try
        {
            await harness.Peripheral.StartAsync();
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Peripheral.DisposeAsync();
        }
        finally
        {
            Adapter.Dispose();
            Bus.Dispose();
        }
    }
}
