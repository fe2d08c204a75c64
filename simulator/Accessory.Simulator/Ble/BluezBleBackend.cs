using System.Globalization;
using Accessory.Core.Ble;
using Accessory.Core.Ble.Advertising;
using Accessory.Core.Ports;
using Accessory.Simulator.Ble.BlueZ;

namespace Accessory.Simulator.Ble;

/// <summary>The GATT table on the host's Bluetooth adapter through bluetoothd.</summary>
internal sealed class BluezBleBackend : IBleBackend
{
    private const string Component = "ble";
    private readonly BluezPeripheral _peripheral;
    private readonly ILog _log;

    private BluezBleBackend(BluezPeripheral peripheral, ILog log)
    {
        _peripheral = peripheral;
        _log = log;
    }

    public string Description => "BlueZ adapter " + _peripheral.AdapterPath;

    public static async Task<BluezBleBackend> StartAsync(GattServer gatt, BleAdvertisement advertisement, BleOptions options, ILog log)
    {
        var peripheral = new BluezPeripheral(gatt, ToBluez(advertisement), new BluezPeripheralOptions { BusAddress = options.BusAddress, AdapterPath = options.AdapterPath, Log = log });
        try
        {
            await peripheral.StartAsync().ConfigureAwait(false);
            return new BluezBleBackend(peripheral, log);
        }
        catch
        {
            await peripheral.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // A registered LE advertisement keeps its data; re-registering it on every Improv state change would make the
    // accessory blink out of scans, so BlueZ keeps the data of the last (re)start.
    public void Advertise(BleAdvertisement advertisement) =>
        _log.Write(LogLevel.Debug, Component, "advertisement changed; BlueZ keeps the registered one until the next restart");

    public Func<bool>? DropOnWrite
    {
        set => _peripheral.DropOnWrite = value;
    }

    public void DropConnections() => _peripheral.DropConnections();

    public ValueTask DisposeAsync() => _peripheral.DisposeAsync();

    private static BleAdvertisementData ToBluez(BleAdvertisement advertisement)
    {
        var data = new BleAdvertisementData { LocalName = advertisement.LocalName };
        foreach (var uuid in advertisement.ServiceUuids)
        {
            data.ServiceUuids.Add(uuid.ToString());
        }

        foreach (var service in advertisement.ServiceData)
        {
            data.ServiceData[service.Uuid16.ToString("x4", CultureInfo.InvariantCulture)] = service.Data;
        }

        return data;
    }
}
