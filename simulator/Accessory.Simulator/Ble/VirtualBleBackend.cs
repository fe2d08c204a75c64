using Accessory.Core.Ble;
using Accessory.Core.Ble.Advertising;
using Accessory.Core.Ports;
using Accessory.Simulator.Ble.Virtual;

namespace Accessory.Simulator.Ble;

/// <summary>The GATT table on the virtual link (a Unix socket).</summary>
internal sealed class VirtualBleBackend : IBleBackend
{
    private readonly VirtualBleServer _server;

    private VirtualBleBackend(VirtualBleServer server)
    {
        _server = server;
    }

    public string Description => "virtual link " + _server.SocketPath;

    public static async Task<VirtualBleBackend> StartAsync(GattServer gatt, BleAdvertisement advertisement, string socketPath, ILog log)
    {
        var server = new VirtualBleServer(gatt, ToVirtual(advertisement), socketPath, log);
        try
        {
            await server.StartAsync().ConfigureAwait(false);
            return new VirtualBleBackend(server);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public void Advertise(BleAdvertisement advertisement) => _server.Advertise(ToVirtual(advertisement));

    public Func<bool>? DropOnWrite
    {
        set => _server.DropOnWrite = value;
    }

    public void DropConnections() => _server.DropConnections();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static VirtualAdvertisement ToVirtual(BleAdvertisement advertisement)
    {
        var serviceData = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var data in advertisement.ServiceData)
        {
            serviceData[BleUuid.FromShort(data.Uuid16).ToString()] = data.Data;
        }

        return new VirtualAdvertisement(advertisement.LocalName, advertisement.ServiceUuids.Select(u => u.ToString()).ToList(), serviceData);
    }
}
