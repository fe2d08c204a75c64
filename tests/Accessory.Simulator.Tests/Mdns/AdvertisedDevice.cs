using System.Net;
using System.Net.Sockets;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Net;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>A simulated device advertising over mDNS from one host of a test LAN (its own namespace).</summary>
internal sealed class AdvertisedDevice : IAsyncDisposable
{
    private readonly TempDirectory _data;

    private AdvertisedDevice(SimulatedDevice device, TempDirectory data)
    {
        Device = device;
        _data = data;
    }

    public SimulatedDevice Device { get; }

    public DeviceAdvertiser Advertiser => Device.Advertiser!;

    public static async Task<AdvertisedDevice> StartAsync(LanHost host, string name, int apiPort = 8443)
    {
        var data = new TempDirectory("accessory-mdns");
        var options = new DeviceOptions
        {
            DataDirectory = data.Path,
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
        };
        var device = new SimulatedDevice(options, NullLoggerFactory.Instance, new CryptoRandom());
        try
        {
            await device.StartAsync();
            return new AdvertisedDevice(device, data);
        }
        catch
        {
            await device.DisposeAsync();
            data.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Device.DisposeAsync();
        _data.Dispose();
    }
}
