using System.Net;
using System.Net.Sockets;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Net;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>A simulated device advertising over mDNS from one host of a test LAN (its own namespace).</summary>
internal sealed class AdvertisedDevice : IAsyncDisposable
{
    private readonly TestDevice _device;

    private AdvertisedDevice(TestDevice device)
    {
        _device = device;
    }

    public SimulatedDevice Device => _device.Device;

    public DeviceAdvertiser Advertiser => Device.Advertiser!;

    public static async Task<AdvertisedDevice> StartAsync(LanHost host, string name, int apiPort = 8443)
    {
        var device = await TestDevice.StartAsync(
            new TempDirectory("accessory-mdns"),
            path => new DeviceOptions
            {
                DataDirectory = path,
                Name = name,
                RadioEnvironment = RadioEnvironment.LoadDefault().WithTiming(TimingModel.Fast),
                Mdns = new AdvertiserOptions
                {
                    Transport = new MulticastTransportOptions
                    {
                        InterfaceName = host.InterfaceName,
                        SocketFactory = family => host.Namespace.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp),
                    },
                    Addresses = new[] { host.IPv4, host.IPv6LinkLocal },
                    ApiPort = apiPort,
                },
            });
        return new AdvertisedDevice(device);
    }

    public ValueTask DisposeAsync() => _device.DisposeAsync();
}
