using Accessory.Core.Device;
using Accessory.Core.Settings;
using Accessory.Simulator.Tests.Support;
using static Accessory.Simulator.Tests.Ble.Improv.ImprovExpectations;

namespace Accessory.Simulator.Tests.Ble.Improv;

/// <summary>
/// Improv Wi-Fi against the whole simulated device over the virtual link, with the phone-side client at ATT's default
/// MTU of 23: the RPC packets are written in pieces and results are fetched by long reads.
/// </summary>
public sealed class DeviceImprovTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_right_passphrase_provisions_the_device_and_the_result_names_its_redirect_url(bool localApi)
    {
        await using var ble = await BleDevice.StartAsync(BleDevice.Provisioning(0), localApi: localApi ? LoopbackLocalApi : null);
        await using var phone = await ImprovPhone.ConnectAsync(ble);
        Assert.Equal(StateAuthorized, await phone.ReadStateAsync());
        var packet = ImprovRpc.Provision("HomeNetwork", BleDevice.HomePassphrase);
        Assert.Equal(23, phone.Client.Mtu);
        Assert.True(packet.Length > phone.Client.Mtu - 3, "the packet must need several writes");

        await phone.SendAsync(packet);
        await phone.ExpectAsync(phone.State, StateProvisioned);

        Assert.Equal([StateProvisioning, StateProvisioned], phone.ValuesOf(phone.State));
        Assert.Empty(phone.ValuesOf(phone.Error));
        var (command, urls) = await phone.ReadResultAsync();
        Assert.Equal(ImprovRpc.WifiSettings, command);
        Assert.Equal(RedirectUrls(ble), urls);
        Assert.Equal(localApi ? 1 : 0, urls.Length);
        Assert.Equal("HomeNetwork"u8.ToArray(), ble.Device.Settings.GetBytes(SettingKeys.WifiSsid));
        Assert.True(await Eventually.TrueAsync(() => ble.Device.Lifecycle.State == DeviceState.Online, Patience), "device not online: " + ble.Device.Lifecycle.State);
    }

    [Fact]
    public async Task A_wrong_passphrase_reports_unable_to_connect_returns_to_authorized_and_stores_nothing()
    {
        await using var ble = await BleDevice.StartAsync(BleDevice.Provisioning(0));
        await using var phone = await ImprovPhone.ConnectAsync(ble);

        await phone.SendAsync(ImprovRpc.Provision("HomeNetwork", "wrong horse battery"));
        await phone.ExpectAsync(phone.Error, UnableToConnect);
        await phone.ExpectAsync(phone.State, StateAuthorized);

        Assert.Equal([StateProvisioning, StateAuthorized], phone.ValuesOf(phone.State));
        Assert.Equal(UnableToConnect, await phone.ReadErrorAsync());
        Assert.False(ble.Device.Settings.Contains(SettingKeys.WifiSsid));

        // The failure leaves Improv usable: the right passphrase still works on the same connection.
        await phone.SendAsync(ImprovRpc.Provision("HomeNetwork", BleDevice.HomePassphrase));
        await phone.ExpectAsync(phone.State, StateProvisioned);
        Assert.Equal(NoError, await phone.ReadErrorAsync());
    }

    [Fact]
    public async Task Credentials_are_refused_as_not_authorized_until_the_user_authorizes()
    {
        await using var ble = await BleDevice.StartAsync(BleDevice.Provisioning(0), improvAuthorization: true);
        await using var phone = await ImprovPhone.ConnectAsync(ble);
        Assert.Equal(StateAuthorizationRequired, await phone.ReadStateAsync());

        await phone.SendAsync(ImprovRpc.Provision("HomeNetwork", BleDevice.HomePassphrase));
        await phone.ExpectAsync(phone.Error, NotAuthorized);
        Assert.Equal(StateAuthorizationRequired, await phone.ReadStateAsync());
        Assert.False(ble.Device.Settings.Contains(SettingKeys.WifiSsid));

        ble.Device.Ble!.AuthorizeImprov();
        await phone.ExpectAsync(phone.State, StateAuthorized);
        await phone.SendAsync(ImprovRpc.Provision("HomeNetwork", BleDevice.HomePassphrase));
        await phone.ExpectAsync(phone.State, StateProvisioned);
        Assert.Equal("HomeNetwork"u8.ToArray(), ble.Device.Settings.GetBytes(SettingKeys.WifiSsid));
    }

    [Fact]
    public async Task A_bad_checksum_is_an_invalid_rpc_and_the_next_good_packet_still_works()
    {
        await using var ble = await BleDevice.StartAsync(BleDevice.Provisioning(0));
        await using var phone = await ImprovPhone.ConnectAsync(ble);
        var broken = ImprovRpc.Command(ImprovRpc.DeviceInfo);
        broken[^1] ^= 0x5A;

        await phone.SendAsync(broken);
        await phone.ExpectAsync(phone.Error, InvalidRpc);

        await phone.SendAsync(ImprovRpc.Command(ImprovRpc.DeviceInfo));
        await phone.ExpectAsync(phone.Error, NoError);
        Assert.Equal(ImprovRpc.DeviceInfo, (await phone.ReadResultAsync()).Command);
    }

    [Fact]
    public async Task An_unknown_command_is_reported_as_unknown_rpc()
    {
        await using var ble = await BleDevice.StartAsync(BleDevice.Provisioning(0));
        await using var phone = await ImprovPhone.ConnectAsync(ble);

        await phone.SendAsync(ImprovRpc.Command(0x7E, 0x01, 0x02));
        await phone.ExpectAsync(phone.Error, UnknownRpc);

        Assert.Equal(StateAuthorized, await phone.ReadStateAsync());
    }

    [Fact]
    public async Task Device_info_names_firmware_version_chip_and_device()
    {
        await using var ble = await BleDevice.StartAsync(BleDevice.Provisioning(0));
        await using var phone = await ImprovPhone.ConnectAsync(ble);

        await phone.SendAsync(ImprovRpc.Command(ImprovRpc.DeviceInfo));
        var notified = await phone.ExpectAsync(phone.Result, v => v.Length > 0 && v[0] == ImprovRpc.DeviceInfo, "device info result");
        var (command, strings) = await phone.ReadResultAsync();

        Assert.Equal(ImprovRpc.DeviceInfo, command);
        Assert.Equal(DeviceInfo(ble), strings);
        // At MTU 23 the notification carries the packet's first MTU - 3 bytes, the read the whole of it.
        Assert.Equal(Math.Min(phone.Client.Mtu - 3, notified.Length), notified.Length);
    }

    [Fact]
    public async Task A_scan_lists_each_network_name_once_and_ends_with_an_empty_result()
    {
        await using var ble = await BleDevice.StartAsync(BleDevice.Provisioning(0));
        // Scan results follow each other quickly, so each must arrive whole in its notification.
        await using var phone = await ImprovPhone.ConnectAsync(ble, mtu: 517);

        await phone.SendAsync(ImprovRpc.Command(ImprovRpc.Scan));
        await phone.ExpectAsync(phone.Result, v => v.Length == 3 && v[0] == ImprovRpc.Scan, "the empty end of the scan");

        var networks = phone.Seen.Where(n => n.ValueHandle == phone.Result.ValueHandle).Select(n => ImprovRpc.ParseResult(n.Value)).ToList();
        Assert.All(networks, n => Assert.Equal(ImprovRpc.Scan, n.Command));
        Assert.Empty(networks[^1].Strings);
        var home = Assert.Single(networks, n => n.Strings.Length > 0 && n.Strings[0] == "HomeNetwork").Strings;
        Assert.Equal(3, home.Length);
        Assert.InRange(int.Parse(home[1], System.Globalization.CultureInfo.InvariantCulture), -100, 0);
        Assert.Equal("YES", home[2]);
        Assert.All(networks[..^1], n => Assert.Equal(3, n.Strings.Length));
        // The device refuses an empty SSID in Wi-Fi settings, so a hidden network must not be offered for choosing.
        Assert.All(networks[..^1], n => Assert.NotEqual(string.Empty, n.Strings[0]));

        // A mesh (one name, two access points) is one row with the stronger signal; a name that is not UTF-8 cannot
        // be shown or sent back, so it is left out; a multi-byte UTF-8 name is kept.
        Assert.Equal("-52", Assert.Single(networks, n => n.Strings.Length > 0 && n.Strings[0] == "MeshHome").Strings[1]);
        Assert.DoesNotContain(networks, n => n.Strings.Length > 0 && n.Strings[0].StartsWith("Net", StringComparison.Ordinal));
        Assert.Contains(networks, n => n.Strings.Length > 0 && n.Strings[0] == "Café ☕ 📶");
        Assert.Equal(networks.Count - 1, networks[..^1].Select(n => n.Strings[0]).Distinct().Count());
    }
}
