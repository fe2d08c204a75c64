using System.Net;
using System.Text.Json;
using Accessory.Simulator.Net;
using Accessory.Simulator.Provisioning;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Accessory.Simulator.Tests.Provisioning;

/// <summary>
/// A simulated device serving provisioning at 192.168.4.1:80 in its own namespace, and a "phone" namespace at
/// 192.168.4.2 from which the documented Python client (docs/examples/provision.py) provisions it.
/// </summary>
internal sealed class SoftApDevice : IAsyncDisposable
{
    private readonly TestDevice _device;

    private SoftApDevice(SoftApNetwork network, TestDevice device)
    {
        Network = network;
        _device = device;
    }

    public SoftApNetwork Network { get; }

    public SimulatedDevice Device => _device.Device;

    public static string HomePassphrase => "correct horse battery";

    public static async Task<SoftApDevice> StartAsync(SoftApOptions softAp)
    {
        var network = SoftApNetwork.Create();
        try
        {
            var device = await TestDevice.StartAsync(
                new TempDirectory("accessory-softap"),
                path => new DeviceOptions
                {
                    DataDirectory = path,
                    RadioEnvironment = RadioEnvironment.LoadDefault().WithTiming(TimingModel.Fast),
                    SoftAp = softAp,
                    CreateListener = endPoint => network.Device.ListenIn(endPoint),
                });
            return new SoftApDevice(network, device);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    public static SoftApOptions Options(int security, string? pop = null, string password = "", int patch = 1, bool keepAlive = false) => new()
    {
        Security = security,
        ProofOfPossession = pop,
        Password = password,
        Sec2PatchVersion = patch,
        BindAddress = SoftApNetwork.DeviceAddress,
        HttpPort = 80,
        KeepAlive = keepAlive,
    };

    /// <summary>Runs the Python client in the phone namespace; returns its exit code and one JSON object per step.</summary>
    public PhoneRun Phone(params string[] arguments)
    {
        var args = new List<string> { BuildPaths.ProvisionScript, "--host", "192.168.4.1:80", "--timeout", "20" };
        args.AddRange(arguments);
        var result = Network.Phone.Run("/usr/bin/python3", args, TimeSpan.FromSeconds(90));
        var steps = result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
        return new PhoneRun(result.ExitCode, steps, result.StandardOutput + result.StandardError);
    }

    public static IPEndPoint EndPoint => new(SoftApNetwork.DeviceAddress, 80);

    public async ValueTask DisposeAsync()
    {
        // The device listens inside the network's namespace, so it stops before the namespace goes.
        await _device.DisposeAsync();
        Network.Dispose();
    }
}
