using System.Net;
using System.Net.Sockets;
using System.Text;
using Accessory.Core.Device;
using Accessory.Core.Settings;
using Accessory.Phone;
using Accessory.Phone.Protos;
using Accessory.Phone.Security;
using Accessory.Simulator.Provisioning;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Provisioning;

/// <summary>
/// Where a phone written for ESP-IDF's wifi_provisioning must meet the same answers from the simulator as from a
/// board: driven through the phone-side client over real HTTP on loopback, in fast timing (the mode CI uses).
/// </summary>
public sealed class EspIdfFidelityTests
{
    private const string Password = "s3cret-pass";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Fast_timing_keeps_the_30_s_auto_stop_so_a_phone_polling_after_5_s_sees_connected()
    {
        await using var device = await StartAsync();
        using var phone = Phone(device);
        phone.Establish(new Sec2Client("wifiprov", Password, 1));
        Assert.Equal(Status.Success, phone.SetConfig("HomeNetwork"u8.ToArray(), "correct horse battery"u8.ToArray()).Status);
        Assert.Equal(Status.Success, phone.ApplyConfig().Status);
        Assert.True(await Eventually.TrueAsync(() => device.Device.Lifecycle.State == DeviceState.Online, Patience), "device never joined");

        // Espressif's phone libraries sleep about 5 s after ApplyConfig before their first status request.
        await Task.Delay(TimeSpan.FromSeconds(5.5));
        var status = phone.GetStatus();

        Assert.Equal(WifiStationState.Connected, status.StaState);
        Assert.Equal(30_000, device.Device.Provisioning!.Service.Manager.Options.AutoStopMilliseconds);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(0)]
    public void An_auto_stop_below_5_s_is_refused_as_ESP_IDF_does(int seconds)
    {
        var options = new SoftApOptions { Security = 0, AutoStopSeconds = seconds };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("5 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_passphrase_of_64_bytes_is_an_invalid_argument_and_63_bytes_are_accepted()
    {
        await using var device = await StartAsync();
        using var phone = Phone(device);
        phone.Establish(new Sec2Client("wifiprov", Password, 1));

        Assert.Equal(Status.InvalidArgument, phone.SetConfig("HomeNetwork"u8.ToArray(), Encoding.ASCII.GetBytes(new string('p', 64))).Status);
        Assert.Equal(Status.InvalidArgument, phone.SetConfig("HomeNetwork"u8.ToArray(), Encoding.ASCII.GetBytes(new string('p', 65))).Status);
        Assert.Equal(Status.Success, phone.SetConfig("HomeNetwork"u8.ToArray(), Encoding.ASCII.GetBytes(new string('p', 63))).Status);
    }

    [Fact]
    public async Task An_empty_ssid_is_accepted_at_set_config_and_fails_at_the_join_as_network_not_found()
    {
        await using var device = await StartAsync();
        using var phone = Phone(device);
        phone.Establish(new Sec2Client("wifiprov", Password, 1));

        Assert.Equal(Status.Success, phone.SetConfig([], "whatever1"u8.ToArray()).Status);
        Assert.Equal(Status.Success, phone.ApplyConfig().Status);
        var status = phone.WaitForOutcome(Patience);

        Assert.Equal(WifiStationState.ConnectionFailed, status.StaState);
        Assert.Equal(WifiConnectFailedReason.NetworkNotFound, status.FailReason);
        Assert.False(device.Device.Settings.Contains(SettingKeys.WifiSsid));
    }

    [Fact]
    public async Task An_unknown_sec2_username_is_accepted_at_command0_and_fails_only_at_the_proof()
    {
        await using var device = await StartAsync();
        using var transport = new HttpProtocommTransport(BaseAddress(device));
        var intruder = new Sec2Client("intruder", Password, 1);

        // Command0 with a username the device does not have gets B and the salt like any other.
        byte[] response0 = transport.Post("prov-session", intruder.CreateCommand0());
        byte[] command1 = intruder.HandleResponse0(response0);

        // Only the proof fails, and then as ESP-IDF's httpd does: the socket closes without an HTTP status.
        var failure = Assert.ThrowsAny<HttpRequestException>(() => transport.Post("prov-session", command1));
        Assert.Null(failure.StatusCode);
    }

    [Fact]
    public async Task The_right_username_still_gets_a_session()
    {
        await using var device = await StartAsync();
        using var phone = Phone(device);
        phone.Establish(new Sec2Client("wifiprov", Password, 1));
        Assert.Equal(Status.Success, phone.SetConfig("HomeNetwork"u8.ToArray(), "correct horse battery"u8.ToArray()).Status);
    }

    [Fact]
    public async Task After_provisioning_ends_the_http_port_refuses_connections()
    {
        await using var device = await StartAsync();
        var endPoint = device.Device.Provisioning!.EndPoint;
        using (var phone = Phone(device))
        {
            phone.Establish(new Sec2Client("wifiprov", Password, 1));
            Assert.Equal(Status.Success, phone.SetConfig("HomeNetwork"u8.ToArray(), "correct horse battery"u8.ToArray()).Status);
            Assert.Equal(Status.Success, phone.ApplyConfig().Status);
            Assert.Equal(WifiStationState.Connected, phone.WaitForOutcome(Patience).StaState);
        }

        // The phone saw Connected: after the cleanup delay httpd is stopped, as on a board (not a 404 page).
        Assert.True(await Eventually.TrueAsync(() => Refused(endPoint), Patience), "the provisioning port still accepts connections");
        using var late = Phone(device);
        var error = Assert.ThrowsAny<HttpRequestException>(() => late.ProtoVersion());
        Assert.Equal(SocketError.ConnectionRefused, (error.InnerException as SocketException)?.SocketErrorCode);
    }

    internal static bool Refused(IPEndPoint endPoint)
    {
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(endPoint);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
    }

    private static Uri BaseAddress(TestDevice device) => new("http://" + device.Device.Provisioning!.EndPoint + "/");

    private static ProvisioningHttpClient Phone(TestDevice device) => new(BaseAddress(device));

    private static Task<TestDevice> StartAsync() => TestDevice.StartAsync(
        new TempDirectory("accessory-espidf"),
        path => new DeviceOptions
        {
            DataDirectory = path,
            RadioEnvironment = RadioEnvironment.LoadDefault().WithTiming(TimingModel.Fast),
            SoftAp = new SoftApOptions { Security = 2, Password = Password, BindAddress = IPAddress.Loopback, HttpPort = 0 },
        });
}
