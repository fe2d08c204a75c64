using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Accessory.Core.Device;
using Accessory.Simulator.Faults;
using Accessory.Simulator.LocalApi;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>
/// A whole simulated device, already provisioned and online, serving its local API on free loopback ports (HTTPS
/// and plain HTTP), with its fault registry at hand. No cloud link unless asked for.
/// </summary>
internal sealed class LocalApiDevice : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly TestDevice _device;

    private LocalApiDevice(TestDevice device, string id)
    {
        _device = device;
        Id = id;
    }

    public SimulatedDevice Device => _device.Device;

    public string Id { get; }

    public ActiveFaults Faults => Device.Faults;

    public LocalApiServer Api => Device.LocalApi!;

    public int HttpsPort => Api.HttpsEndPoint.Port;

    public int HttpPort => Api.HttpEndPoint!.Port;

    public string HttpsBase => "https://localhost:" + HttpsPort;

    public string HttpBase => "http://127.0.0.1:" + HttpPort;

    /// <summary>The device's access token, as a paired phone holds it after provisioning.</summary>
    public string Token => Device.ApiToken.Value;

    /// <summary>The header line a paired client sends (curl -H).</summary>
    public string AuthorizationHeader => "Authorization: Bearer " + Token;

    /// <summary>What a client must trust for the chain served now (the device certificate by default).</summary>
    public string ClientCaFile => Api.ClientCaFile;

    public static async Task<LocalApiDevice> StartAsync(Accessory.Simulator.Mqtt.CloudOptions? cloud = null, params string[] faults)
    {
        var active = new ActiveFaults();
        active.SetAll(faults.Select(FaultSpec.Parse));
        var device = await TestDevice.StartAsync(
            DeviceCloudEndToEndTests.ProvisionedDevice(out string id),
            path => new DeviceOptions
            {
                DataDirectory = path,
                RadioEnvironment = RadioEnvironment.LoadDefault().WithTiming(TimingModel.Fast),
                LocalApi = new LocalApiOptions { BindAddress = IPAddress.Loopback, HttpsPort = 0, HttpPort = 0 },
                Cloud = cloud,
                Faults = active,
            },
            until: DeviceState.Online);
        return new LocalApiDevice(device, id);
    }

    /// <summary>An HttpClient of a paired phone (it sends the access token) that trusts exactly the certificate the device serves by default (no system roots).</summary>
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
        var client = new HttpClient(handler) { BaseAddress = new Uri(HttpsBase), Timeout = Patience };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    public static Task<bool> EventuallyAsync(Func<bool> condition) => Eventually.TrueAsync(condition, Patience);

    public ValueTask DisposeAsync() => _device.DisposeAsync();
}
