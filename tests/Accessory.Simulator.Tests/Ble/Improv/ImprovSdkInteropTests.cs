using System.Text.Json;
using Xunit.Abstractions;
using Accessory.Core.Settings;
using static Accessory.Simulator.Tests.Ble.Improv.ImprovExpectations;

namespace Accessory.Simulator.Tests.Ble.Improv;

/// <summary>
/// Cross-check with an independent client: the public improv-wifi-serial-sdk (npm, run under Node) speaks Improv
/// serial, whose RPC and result layout is BLE's, and a bridge carries it to our device over the virtual link.
/// </summary>
public sealed class ImprovSdkInteropTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_public_sdk_reads_our_device_info_scans_and_provisions_with_our_redirect_url()
    {
        await using var ble = await BleDevice.StartAsync(BleDevice.Provisioning(0), localApi: LoopbackLocalApi);

        var outcome = await RunSdkAsync(ble, "HomeNetwork", BleDevice.HomePassphrase);

        var info = outcome.GetProperty("info");
        string[] expected = DeviceInfo(ble);
        Assert.Equal(expected[0], info.GetProperty("firmware").GetString());
        Assert.Equal(expected[1], info.GetProperty("version").GetString());
        Assert.Equal(expected[2], info.GetProperty("chipFamily").GetString());
        Assert.Equal(expected[3], info.GetProperty("name").GetString());
        var home = outcome.GetProperty("networks").EnumerateArray().Single(n => n.GetProperty("name").GetString() == "HomeNetwork");
        Assert.True(home.GetProperty("secured").GetBoolean());
        Assert.DoesNotContain(outcome.GetProperty("networks").EnumerateArray(), n => n.GetProperty("name").GetString() == string.Empty);
        Assert.InRange(home.GetProperty("rssi").GetInt32(), -100, 0);
        Assert.True(outcome.TryGetProperty("provisioned", out var provisioned) && provisioned.GetBoolean(), "SDK outcome: " + outcome);
        Assert.Equal(RedirectUrls(ble).Single(), outcome.GetProperty("nextUrl").GetString());
        Assert.Equal(StateProvisioned, outcome.GetProperty("state").GetInt32());
        Assert.Equal("HomeNetwork"u8.ToArray(), ble.Device.Settings.GetBytes(SettingKeys.WifiSsid));
    }

    [Fact]
    public async Task The_public_sdk_rejects_a_wrong_password_as_unable_to_connect()
    {
        await using var ble = await BleDevice.StartAsync(BleDevice.Provisioning(0), localApi: LoopbackLocalApi);

        var outcome = await RunSdkAsync(ble, "HomeNetwork", "wrong horse battery");

        Assert.Equal("provision", outcome.GetProperty("stage").GetString());
        Assert.Equal("UNABLE_TO_CONNECT", outcome.GetProperty("error").GetString());
        Assert.False(ble.Device.Settings.Contains(SettingKeys.WifiSsid));
        Assert.Equal(Accessory.Core.Ble.Improv.ImprovState.Authorized, ble.Device.Ble!.Improv!.State);
    }

    private async Task<JsonElement> RunSdkAsync(BleDevice ble, string ssid, string password)
    {
        string package = await ImprovSdkPackage.EnsureAsync();
        // Browsers negotiate a large MTU; at it every result arrives whole in its notification.
        await using var phone = await ImprovPhone.ConnectAsync(ble, mtu: 517);
        using var sdk = new SdkProcess(package, ssid, password);
        var bridge = new SerialBleBridge(phone, sdk);
        var outcome = await bridge.RunAsync(Limit);
        output.WriteLine("SDK outcome: " + outcome);
        output.WriteLine(string.Join('\n', bridge.Trace));
        return outcome;
    }
}
