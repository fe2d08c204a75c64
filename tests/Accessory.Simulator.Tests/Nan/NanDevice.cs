using System.Net.Sockets;
using Accessory.Core.Device;
using Accessory.Simulator.Faults;
using Accessory.Simulator.LocalApi;
using Accessory.Simulator.Nan;
using Accessory.Simulator.Net;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Accessory.Simulator.Tests.Nan;

/// <summary>A whole provisioned device in one host of a test LAN: local API on its address, NAN on its interface.</summary>
internal sealed class NanDevice : IAsyncDisposable
{
    private readonly TempDirectory _data;

    private NanDevice(SimulatedDevice device, TempDirectory data, string id)
    {
        Device = device;
        _data = data;
        Id = id;
    }

    public SimulatedDevice Device { get; }

    public string Id { get; }

    public NanEventInbox Events { get; } = new();

    public static Task<NanDevice> StartAsync(LanHost host, params string[] faults) => StartAsync(host, true, faults);

    /// <summary>An unprovisioned device (no stored network) sits in provisioning; a provisioned one comes online.</summary>
    public static Task<NanDevice> StartAsync(LanHost host, bool provisioned, params string[] faults) =>
        StartAsync(host, provisioned, new NanPublishRules(true, true), faults);

    /// <summary>As above, publishing only in the states <paramref name="rules"/> allow.</summary>
    public static async Task<NanDevice> StartAsync(LanHost host, bool provisioned, NanPublishRules rules, params string[] faults)
    {
        string id = string.Empty;
        var data = provisioned ? DeviceCloudEndToEndTests.ProvisionedDevice(out id) : new TempDirectory("accessory-nan");
        var active = new ActiveFaults();
        foreach (var spec in faults)
        {
            active.Set(FaultSpec.Parse(spec));
        }

        var options = new DeviceOptions
        {
            DataDirectory = data.Path,
            RadioEnvironment = RadioEnvironment.LoadDefault().WithTiming(TimingModel.Fast),
            LocalApi = new LocalApiOptions { BindAddress = host.IPv4, HttpsPort = 0, CreateListener = ep => host.Namespace.CreateSocketIn(ep.AddressFamily, SocketType.Stream, ProtocolType.Tcp) },
            Nan = new NanOptions
            {
                InterfaceName = host.InterfaceName,
                PublishWhileUnprovisioned = rules.WhileUnprovisioned,
                PublishWhileOnline = rules.WhileOnline,
                SocketFactory = family => host.Namespace.CreateSocketIn(family, SocketType.Dgram, ProtocolType.Udp),
            },
            Faults = active,
        };
        var device = new SimulatedDevice(options, NullLoggerFactory.Instance, new CryptoRandom());
        var started = new NanDevice(device, data, provisioned ? id : device.Identity.DeviceId);
        try
        {
            await device.StartAsync();
            device.Nan!.Notified += started.Events.Add;
            var expected = provisioned ? DeviceState.Online : DeviceState.Provisioning;
            Assert.True(await Eventually.TrueAsync(() => device.Lifecycle.State == expected, TimeSpan.FromSeconds(20)), "device never reached " + expected);
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Device.DisposeAsync();
        _data.Dispose();
    }
}

/// <summary>When a test device publishes (<see cref="NanOptions.PublishWhileUnprovisioned"/>, <see cref="NanOptions.PublishWhileOnline"/>).</summary>
internal readonly record struct NanPublishRules(bool WhileUnprovisioned, bool WhileOnline);
