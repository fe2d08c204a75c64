using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Accessory.Core.Device;
using Accessory.Simulator.LocalApi;
using Accessory.Simulator.Net;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Security;

/// <summary>
/// A provisioned device whose local API listens on its LAN address (as with --api-bind 0.0.0.0) inside the "device"
/// namespace of a two-host segment, and an "attacker" namespace on the same segment that runs curl against it.
/// </summary>
internal sealed class LanApiDevice : IAsyncDisposable
{
    private readonly LanSegment _lan;
    private readonly TestDevice _device;

    private LanApiDevice(LanSegment lan, TestDevice device)
    {
        _lan = lan;
        _device = device;
    }

    public SimulatedDevice Device => _device.Device;

    public LanHost Attacker => _lan["attacker"];

    public string Address => _lan["device"].IPv4.ToString();

    public int HttpsPort => Device.LocalApi!.HttpsEndPoint.Port;

    public int HttpPort => Device.LocalApi!.HttpEndPoint!.Port;

    public string HttpBase => "http://" + Address + ":" + HttpPort.ToString(CultureInfo.InvariantCulture);

    public string HttpsBase => "https://" + Address + ":" + HttpsPort.ToString(CultureInfo.InvariantCulture);

    public static async Task<LanApiDevice> StartAsync()
    {
        var lan = LanSegment.Create("device", "attacker");
        try
        {
            var host = lan["device"];
            var device = await TestDevice.StartAsync(
                DeviceCloudEndToEndTests.ProvisionedDevice(out _),
                path => new DeviceOptions
                {
                    DataDirectory = path,
                    RadioEnvironment = RadioEnvironment.LoadDefault().WithTiming(TimingModel.Fast),
                    LocalApi = new LocalApiOptions
                    {
                        BindAddress = host.IPv4,
                        HttpsPort = 0,
                        HttpPort = 0,
                        CreateListener = endPoint => host.Namespace.CreateSocketIn(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp),
                    },
                },
                until: DeviceState.Online);
            return new LanApiDevice(lan, device);
        }
        catch
        {
            lan.Dispose();
            throw;
        }
    }

    /// <summary>curl from the attacker's namespace; returns the status code and the response headers and body.</summary>
    public (int Status, string Response) Curl(params string[] args)
    {
        var result = Attacker.Namespace.Run("curl", ["-sS", "-k", "-i", "--max-time", "10", .. args], TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, "curl " + string.Join(' ', args) + ": exit " + result.ExitCode + " " + result.StandardError);
        string head = result.StandardOutput.Split('\n')[0];
        return (int.Parse(head.Split(' ')[1], CultureInfo.InvariantCulture), result.StandardOutput);
    }

    public async ValueTask DisposeAsync()
    {
        await _device.DisposeAsync();
        _lan.Dispose();
    }
}
