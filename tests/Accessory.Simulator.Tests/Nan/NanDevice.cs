using System.Net.Sockets;
using Accessory.Core.Device;
using Accessory.Simulator.Faults;
using Accessory.Simulator.LocalApi;
using Accessory.Simulator.Nan;
using Accessory.Simulator.Net;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Nan;

/// <summary>A whole provisioned device in one host of a test LAN: local API on its address, NAN on its interface.</summary>
internal sealed class NanDevice : IAsyncDisposable
{
    private readonly TestDevice _device;

    private NanDevice(TestDevice device, string id, NanEventInbox events)
    {
        _device = device;
        Id = id;
        Events = events;
    }

    public SimulatedDevice Device => _device.Device;

    public string Id { get; }

    public NanEventInbox Events { get; }

    public static Task<NanDevice> StartAsync(LanHost host, params string[] faults) => StartAsync(host, true, faults);

    /// <summary>An unprovisioned device (no stored network) sits in provisioning; a provisioned one comes online.</summary>
    public static Task<NanDevice> StartAsync(LanHost host, bool provisioned, params string[] faults) =>
        StartAsync(host, provisioned, new NanPublishRules(true, true), faults);

    /// <summary>As above, publishing only in the states <paramref name="rules"/> allow.</summary>
    public static async Task<NanDevice> StartAsync(LanHost host, bool provisioned, NanPublishRules rules, params string[] faults)
    {
        var active = new ActiveFaults();
        active.SetAll(faults.Select(FaultSpec.Parse));
        string? id = null;
        var data = provisioned ? DeviceCloudEndToEndTests.ProvisionedDevice(out id) : new TempDirectory("accessory-nan");
        var events = new NanEventInbox();
        var device = await TestDevice.StartAsync(
            data,
            path => new DeviceOptions
            {
                DataDirectory = path,
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
            },
            until: provisioned ? DeviceState.Online : DeviceState.Provisioning,
            started: running => running.Nan!.Notified += events.Add);
        return new NanDevice(device, id ?? device.Device.Identity.DeviceId, events);
    }

    public ValueTask DisposeAsync() => _device.DisposeAsync();
}

/// <summary>When a test device publishes (<see cref="NanOptions.PublishWhileUnprovisioned"/>, <see cref="NanOptions.PublishWhileOnline"/>).</summary>
internal readonly record struct NanPublishRules(bool WhileUnprovisioned, bool WhileOnline);
