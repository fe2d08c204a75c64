using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Accessory.Core.Device;
using Accessory.Core.Settings;
using Accessory.Phone;
using Accessory.Phone.Ble;
using Accessory.Phone.Protos;
using Accessory.Phone.Security;
using Accessory.Simulator.Ble;
using Accessory.Simulator.LocalApi;
using Accessory.Simulator.Provisioning;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Provisioning;

/// <summary>
/// Factory reset and reboot as a board does them, in process: a factory-reset device comes back offering
/// provisioning on every transport (HTTP, BLE with Improv "ready") and can be provisioned again; a rebooted device
/// keeps its settings, drops its sessions and comes back online. All through real sockets and the phone-side clients.
/// </summary>
public sealed class DeviceRebootTests
{
    private const string Password = "s3cret-pass";
    private const string ProvisioningServiceUuid = "021a9004-0382-4aea-bff4-6b3f1c5adfb4";
    private const string ImprovStateUuid = "00467768-6228-2272-4663-277478268001";
    private const byte ImprovAuthorized = 0x02;
    private const byte ImprovProvisioned = 0x04;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task After_a_factory_reset_command_every_transport_offers_provisioning_again_and_a_phone_can_provision_it()
    {
        await using var device = await StartUnprovisionedAsync();
        var sim = device.Device;
        var provisioningPort = await ProvisionOverHttpAsync(sim);
        await using (var before = await VirtualBleClient.ConnectAsync(sim.Ble!.SocketPath))
        {
            await before.DiscoverAsync();
            Assert.DoesNotContain(ProvisioningServiceUuid, before.Advertisement.ServiceUuids);
            Assert.Equal(ImprovProvisioned, await ImprovStateAsync(before));
        }

        string tokenBeforeReset = sim.ApiToken.Value;
        using (var api = ApiClient(sim))
        {
            using var reply = await api.PostAsync("/api/v1/commands/factory-reset", new StringContent("{\"confirm\":\"" + sim.Identity.DeviceId + "\"}"));
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        }

        Assert.True(await Eventually.TrueAsync(() => sim.Lifecycle.State == DeviceState.Provisioning && sim.Provisioning is not null, Patience), "device did not reboot into provisioning: " + DeviceLifecycle.StateName(sim.Lifecycle.State));
        Assert.False(sim.Settings.Contains(SettingKeys.WifiSsid));

        // HTTP provisioning answers again, on the same port.
        Assert.Equal(provisioningPort, sim.Provisioning!.EndPoint.Port);

        // BLE offers the provisioning service again, and Improv no longer says "provisioned".
        // A phone connects once the restarted peripheral serves again, as it would once it sees the advertisement.
        await using (var phone = await ConnectWhenServingAsync(sim.Ble!.SocketPath))
        {
            await phone.DiscoverAsync();
            Assert.Contains(ProvisioningServiceUuid, phone.Advertisement.ServiceUuids);
            Assert.Equal(ImprovAuthorized, await ImprovStateAsync(phone));
        }

        // The local API is down while unprovisioned, and back once a phone provisioned the device again.
        Assert.True(EspIdfFidelityTests.Refused(sim.LocalApi!.HttpsEndPoint), "local API still listening on an unprovisioned device");
        await ProvisionOverHttpAsync(sim);
        Assert.True(await Eventually.TrueAsync(() => !EspIdfFidelityTests.Refused(sim.LocalApi!.HttpsEndPoint), Patience), "local API did not come back");
        using (var api = ApiClient(sim))
        {
            using var state = await api.GetAsync("/api/v1/state");
            Assert.Equal(HttpStatusCode.OK, state.StatusCode);
        }

        // The reset rotated the token: a phone paired before it is refused.
        using (var stale = ApiClient(sim, tokenBeforeReset))
        {
            using var state = await stale.GetAsync("/api/v1/state");
            Assert.Equal(HttpStatusCode.Unauthorized, state.StatusCode);
        }
    }

    [Fact]
    public async Task A_reboot_command_keeps_the_settings_drops_the_sessions_and_comes_back_online()
    {
        await using var device = await StartUnprovisionedAsync();
        var sim = device.Device;
        await ProvisionOverHttpAsync(sim);
        byte[] ssid = sim.Settings.GetBytes(SettingKeys.WifiSsid)!;

        // A kept-alive API connection: a reboot must end it, as a board's restart ends every TCP connection.
        using var held = new TcpClient();
        await held.ConnectAsync(sim.LocalApi!.HttpsEndPoint);
        await using var tls = new SslStream(held.GetStream(), false, (_, certificate, _, _) => IsDeviceCertificate(sim, certificate));
        await tls.AuthenticateAsClientAsync("localhost");
        var states = new List<DeviceState>();
        sim.Lifecycle.StateChanged += (_, to, _) => { lock (states) { states.Add(to); } };

        using (var api = ApiClient(sim))
        {
            using var reply = await api.PostAsync("/api/v1/commands/reboot", new StringContent("{}"));
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        }

        Assert.True(await Eventually.TrueAsync(() => { lock (states) { return states.Contains(DeviceState.Connecting) && sim.Lifecycle.State == DeviceState.Online; } }, Patience), "device did not replay its boot back to online");
        var buffer = new byte[1];
        var read = await Record.ExceptionAsync(async () =>
        {
            if (await tls.ReadAsync(buffer).AsTask().WaitAsync(Patience) != 0)
            {
                throw new InvalidOperationException("the old connection still delivers data");
            }
        });
        Assert.True(read is null or IOException, "old connection: " + read);
        Assert.Equal(ssid, sim.Settings.GetBytes(SettingKeys.WifiSsid));
        Assert.Null(sim.Provisioning);
        Assert.True(await Eventually.TrueAsync(() => !EspIdfFidelityTests.Refused(sim.LocalApi!.HttpsEndPoint), Patience), "local API did not come back");
    }

    private static async Task<byte> ImprovStateAsync(VirtualBleClient phone)
    {
        var state = phone.FindCharacteristic(ImprovStateUuid) ?? throw new InvalidOperationException("no Improv state characteristic");
        return (await phone.ReadAsync(state.ValueHandle))[0];
    }

    /// <summary>Provisions the (unprovisioned) device with the phone client over HTTP; returns the port it used.</summary>
    private static async Task<int> ProvisionOverHttpAsync(SimulatedDevice sim)
    {
        Assert.True(await Eventually.TrueAsync(() => sim.Provisioning is not null, Patience), "no provisioning offered");
        int port = sim.Provisioning!.EndPoint.Port;
        using var phone = new ProvisioningHttpClient(new Uri("http://127.0.0.1:" + port + "/"));
        phone.Establish(new Sec2Client("wifiprov", Password, 1));
        Assert.Equal(Status.Success, phone.SetConfig("HomeNetwork"u8.ToArray(), "correct horse battery"u8.ToArray()).Status);
        Assert.Equal(Status.Success, phone.ApplyConfig().Status);
        Assert.Equal(WifiStationState.Connected, phone.WaitForOutcome(Patience).StaState);
        Assert.True(await Eventually.TrueAsync(() => sim.Lifecycle.State == DeviceState.Online, Patience), "not online after provisioning");
        Assert.True(await Eventually.TrueAsync(() => EspIdfFidelityTests.Refused(new IPEndPoint(IPAddress.Loopback, port)), Patience), "provisioning did not end");
        return port;
    }

    // A paired phone: it holds the device's current access token (a factory reset rotates it).
    private static HttpClient ApiClient(SimulatedDevice sim, string? token = null)
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, _) => IsDeviceCertificate(sim, certificate) },
        })
        {
            BaseAddress = new Uri("https://localhost:" + sim.LocalApi!.HttpsEndPoint.Port),
            Timeout = Patience,
        };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token ?? sim.ApiToken.Value);
        return client;
    }

    // Trusts exactly the device's own self-signed certificate (its file is what a phone would pin).
    private static bool IsDeviceCertificate(SimulatedDevice sim, System.Security.Cryptography.X509Certificates.X509Certificate? certificate)
    {
        using var trusted = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(sim.LocalApi!.ClientCaFile);
        return certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(trusted.RawData);
    }

    private static Task<TestDevice> StartUnprovisionedAsync() => TestDevice.StartAsync(
        new TempDirectory("accessory-reboot"),
        path => new DeviceOptions
        {
            DataDirectory = path,
            RadioEnvironment = RadioEnvironment.LoadDefault().WithTiming(TimingModel.Fast),
            SoftAp = new SoftApOptions { Security = 2, Password = Password, BindAddress = IPAddress.Loopback, HttpPort = 0 },
            LocalApi = new LocalApiOptions { BindAddress = IPAddress.Loopback, HttpsPort = 0, HttpPort = 0 },
            Ble = new BleOptions(),
        });

    private static async Task<VirtualBleClient> ConnectWhenServingAsync(string socketPath)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return await VirtualBleClient.ConnectAsync(socketPath);
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
