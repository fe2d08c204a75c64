using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Accessory.Core.Device;
using Accessory.Simulator.Faults;
using Accessory.Simulator.LocalApi;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>
/// A whole simulated device, already provisioned and online, serving its local API on free loopback ports (HTTPS
/// and plain HTTP), with its fault registry at hand. No cloud link unless asked for.
/// </summary>
internal sealed class LocalApiDevice : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _data;

    private LocalApiDevice(SimulatedDevice device, TempDirectory data, string id)
    {
        Device = device;
        _data = data;
        Id = id;
    }

    public SimulatedDevice Device { get; }

    public string Id { get; }

    public ActiveFaults Faults => Device.Faults;

    public LocalApiServer Api => Device.LocalApi!;

    public int HttpsPort => Api.HttpsEndPoint.Port;

    public int HttpPort => Api.HttpEndPoint!.Port;

    public string HttpsBase => "https://localhost:" + HttpsPort;

    public string HttpBase => "http://127.0.0.1:" + HttpPort;

    /// <summary>What a client must trust for the chain served now (the device certificate by default).</summary>
    public string ClientCaFile => Api.ClientCaFile;

    public static async Task<LocalApiDevice> StartAsync(Accessory.Simulator.Mqtt.CloudOptions? cloud = null, params string[] faults)
    {
        var data = DeviceCloudEndToEndTests.ProvisionedDevice(out string id);
        var active = new ActiveFaults();
        foreach (var spec in faults)
        {
            active.Set(FaultSpec.Parse(spec));
        }

        var options = new DeviceOptions
        {
            DataDirectory = data.Path,
            RadioEnvironment = RadioEnvironment.LoadDefault().WithTiming(TimingModel.Fast),
            LocalApi = new LocalApiOptions { BindAddress = IPAddress.Loopback, HttpsPort = 0, HttpPort = 0 },
            Cloud = cloud,
            Faults = active,
        };
        var device = new SimulatedDevice(options, NullLoggerFactory.Instance, new CryptoRandom());
        try
        {
            await device.StartAsync();
            var online = new LocalApiDevice(device, data, id);
            Assert.True(await EventuallyAsync(() => device.Lifecycle.State == DeviceState.Online), "device never came online");
            return online;
        }
        catch
        {
            await device.DisposeAsync();
            data.Dispose();
            throw;
        }
    }

    /// <summary>An HttpClient that trusts exactly the certificate the device serves by default (no system roots).</summary>
    public HttpClient CreateHttpsClient()
    {
        var trusted = X509CertificateLoader.LoadCertificateFromFile(ClientCaFile);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is not null && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == 0
                    && certificate.GetRawCertData().AsSpan().SequenceEqual(trusted.RawData),
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(HttpsBase), Timeout = Patience };
    }

    public static Task<bool> EventuallyAsync(Func<bool> condition) => Eventually.TrueAsync(condition, Patience);

    public async ValueTask DisposeAsync()
    {
        await Device.DisposeAsync();
        _data.Dispose();
    }
}
