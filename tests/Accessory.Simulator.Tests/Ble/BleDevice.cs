using System.Net;
using Accessory.Phone.Ble;
using Accessory.Simulator.Ble;
using Accessory.Simulator.LocalApi;
using Accessory.Simulator.Provisioning;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Ble;

/// <summary>
/// A whole simulated device, unprovisioned, offering provisioning over HTTP (a free loopback port) and BLE on the
/// virtual link, as `accessory-sim run` does; the phone connects to its socket with the phone-side client.
/// </summary>
internal sealed class BleDevice : IAsyncDisposable
{
    private readonly TestDevice _device;

    private BleDevice(TestDevice device)
    {
        _device = device;
    }

    public SimulatedDevice Device => _device.Device;

    public string Socket => Device.Ble!.SocketPath;

    public static string HomePassphrase => "correct horse battery";

    /// <param name="localApi">Serving the local API gives Improv a redirect URL to hand out after provisioning.</param>
    public static async Task<BleDevice> StartAsync(SoftApOptions? softAp, bool improvAuthorization = false, LocalApiOptions? localApi = null)
    {
        var device = await TestDevice.StartAsync(
            new TempDirectory("accessory-ble"),
            path => new DeviceOptions
            {
                DataDirectory = path,
                RadioEnvironment = RadioEnvironment.LoadDefault().WithTiming(TimingModel.Fast),
                SoftAp = softAp,
                LocalApi = localApi,
                Ble = new BleOptions { ImprovRequiresAuthorization = improvAuthorization, ImprovJoinTimeoutMilliseconds = 10_000 },
            });
        return new BleDevice(device);
    }

    public static SoftApOptions Provisioning(int security, string? pop = null, string password = "", int patch = 1) => new()
    {
        Security = security,
        ProofOfPossession = pop,
        Password = password,
        Sec2PatchVersion = patch,
        BindAddress = IPAddress.Loopback,
        HttpPort = 0,
    };

    /// <summary>A phone on the virtual link that keeps ATT's default MTU of 23, so every long value is chunked.</summary>
    public async Task<VirtualBleClient> ConnectPhoneAsync()
    {
        var phone = await VirtualBleClient.ConnectAsync(Socket);
        await phone.DiscoverAsync();
        return phone;
    }

    public ValueTask DisposeAsync() => _device.DisposeAsync();
}
