using Accessory.Phone.Ble;
using Accessory.Simulator.Ble.Virtual;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Ble;

/// <summary>A running virtual BLE server on a fresh socket, with the test database behind it.</summary>
internal sealed class LinkHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("ble-link");

    private LinkHarness(VirtualLinkLimits? limits)
    {
        SocketPath = Path.Combine(_dir.Path, "ble.sock");
        Server = new VirtualBleServer(Gatt.Server, TestGatt.Advertisement, SocketPath, Log, limits);
    }

    public TestGatt Gatt { get; } = new();

    public RecordingLog Log { get; } = new();

    public VirtualBleServer Server { get; }

    public string SocketPath { get; }

    public static async Task<LinkHarness> StartAsync(VirtualLinkLimits? limits = null)
    {
        var harness = new LinkHarness(limits);
        await harness.Server.StartAsync();
        return harness;
    }

    public async Task<VirtualBleClient> ClientAsync(int mtu = 23)
    {
        var client = await VirtualBleClient.ConnectAsync(SocketPath);
        if (mtu != 23)
        {
            Assert.Equal(mtu, await client.ExchangeMtuAsync(mtu));
        }

        await client.DiscoverAsync();
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _dir.Dispose();
    }
}
