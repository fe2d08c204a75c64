using System.Net;
using Accessory.Phone.Ble;
using Accessory.Simulator.Ble;
using Accessory.Simulator.LocalApi;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Provisioning;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Accessory.Simulator.Tests.Ble;

/// <summary>
/// A whole simulated device, unprovisioned, offering provisioning over HTTP (a free loopback port) and BLE on the
/// virtual link, as `accessory-sim run` does; the phone connects to its socket with the phone-side client.
/// </summary>
internal sealed class BleDevice : IAsyncDisposable
{
    private readonly TempDirectory _data;

    private BleDevice(SimulatedDevice device, TempDirectory data)
    {
        Device = device;
        _data = data;
    }

    public SimulatedDevice Device { get; }

    public string Socket => Device.Ble!.SocketPath;

    public static string HomePassphrase => "correct horse battery";

    /// <param name="localApi">Serving the local API gives Improv a redirect URL to hand out after provisioning.</param>
    public static async Task<BleDevice> StartAsync(SoftApOptions? softAp, bool improvAuthorization = false, LocalApiOptions? localApi = null)
    {
        var data = new TempDirectory("accessory-ble");
        var options = new DeviceOptions
        {
            DataDirectory = data.Path,
            RadioEnvironment = RadioEnvironment.LoadDefault().WithTiming(TimingModel.Fast),
            SoftAp = softAp,
            LocalApi = localApi,
            Ble = new BleOptions { ImprovRequiresAuthorization = improvAuthorization, ImprovJoinTimeoutMilliseconds = 10_000 },
        };
        var device = new SimulatedDevice(options, NullLoggerFactory.Instance, new CryptoRandom());
        try
        {
            await device.StartAsync();
            return new BleDevice(device, data);
        }
        catch
        {
            await device.DisposeAsync();
            data.Dispose();
            throw;
        }
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

    public async ValueTask DisposeAsync()
    {
        await Device.DisposeAsync();
        _data.Dispose();
    }
}
