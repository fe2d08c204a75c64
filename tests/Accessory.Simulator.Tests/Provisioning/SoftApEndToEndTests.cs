using Accessory.Core.Device;
using Accessory.Core.Settings;
using Accessory.Simulator.Tests.Fakes;
using Accessory.Simulator.Tests.Net;

namespace Accessory.Simulator.Tests.Provisioning;

/// <summary>
/// Complete provisioning flows as on a real SoftAP: the device at 192.168.4.1:80 in one namespace, the documented
/// Python client (an implementation independent of ours, written from docs/provisioning.md) at 192.168.4.2.
/// </summary>
public sealed class SoftApEndToEndTests
{
    private const string HiddenPassphrase = "hidden-lab-pass";

    public static TheoryData<int, string?, string, int, string[]> Schemes() => new()
    {
        { 0, null, string.Empty, 1, new[] { "--sec", "0" } },
        { 1, "abcd1234", string.Empty, 1, new[] { "--sec", "1", "--pop", "abcd1234" } },
        { 1, null, string.Empty, 1, new[] { "--sec", "1" } },
        { 2, null, "s3cret-pass", 1, new[] { "--sec", "2", "--password", "s3cret-pass" } },
        { 2, null, "s3cret-pass", 0, new[] { "--sec", "2", "--password", "s3cret-pass" } },
    };

    [NamespaceTheory]
    [MemberData(nameof(Schemes))]
    public async Task A_phone_provisions_the_device_and_provisioning_then_ends(int security, string? pop, string password, int patch, string[] clientArgs)
    {
        await using var softAp = await SoftApDevice.StartAsync(SoftApDevice.Options(security, pop, password, patch));

        var run = softAp.Phone([.. clientArgs, "--ssid", "HomeNetwork", "--passphrase", SoftApDevice.HomePassphrase]);

        Assert.True(run.ExitCode == 0, run.Output);
        var proto = run.Last("proto-ver").GetProperty("info").GetProperty("prov");
        Assert.Equal(security, proto.GetProperty("sec_ver").GetInt32());
        var status = run.Last("status");
        Assert.Equal("Connected", status.GetProperty("state").GetString());
        Assert.Equal("HomeNetwork", status.GetProperty("ssid").GetString());
        Assert.Equal("24:0a:c4:10:00:01", status.GetProperty("bssid").GetString());
        Assert.Equal(6, status.GetProperty("channel").GetInt32());
        Assert.Equal(3, status.GetProperty("auth").GetInt32());
        Assert.StartsWith("192.168.1.", status.GetProperty("ip4").GetString(), StringComparison.Ordinal);
        Assert.Equal("HomeNetwork"u8.ToArray(), softAp.Device.Settings.GetBytes(SettingKeys.WifiSsid));
        Assert.Equal(DeviceState.Online, softAp.Device.Lifecycle.State);

        // Once the phone has seen Connected, provisioning ends after the cleanup delay and, as ESP-IDF stops httpd
        // and the SoftAP, the port refuses connections rather than answering 404.
        await WaitUntil(() => softAp.Device.Provisioning!.Service.Router.Stopped);
        var after = softAp.Phone("--sec", "0");
        Assert.Equal(2, after.ExitCode);
        Assert.Contains("ConnectionRefusedError", after.Last("error").GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [NamespaceFact]
    public async Task A_wrong_proof_of_possession_gets_no_session_and_the_device_keeps_serving()
    {
        await using var softAp = await SoftApDevice.StartAsync(SoftApDevice.Options(1, pop: "abcd1234"));

        var wrong = softAp.Phone("--sec", "1", "--pop", "wrong-pop", "--ssid", "HomeNetwork", "--passphrase", SoftApDevice.HomePassphrase);

        Assert.Equal(2, wrong.ExitCode);
        Assert.False(wrong.Has("session"), wrong.Output);
        Assert.StartsWith("RuntimeError: session refused: wrong proof of possession (--pop)?", wrong.Last("error").GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(wrong.Has("set-config"));
        Assert.False(softAp.Device.Settings.Contains(SettingKeys.WifiSsid));
        var right = softAp.Phone("--sec", "1", "--pop", "abcd1234", "--ssid", "HomeNetwork", "--passphrase", SoftApDevice.HomePassphrase);
        Assert.True(right.ExitCode == 0, right.Output);
    }

    [NamespaceFact]
    public async Task A_wrong_sec2_password_gets_no_session()
    {
        await using var softAp = await SoftApDevice.StartAsync(SoftApDevice.Options(2, password: "right-password"));

        var run = softAp.Phone("--sec", "2", "--password", "wrong-password", "--ssid", "HomeNetwork", "--passphrase", SoftApDevice.HomePassphrase);

        Assert.Equal(2, run.ExitCode);
        Assert.False(run.Has("session"), run.Output);
        Assert.StartsWith("RuntimeError: session refused: wrong username or password?", run.Last("error").GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(softAp.Device.Settings.Contains(SettingKeys.WifiSsid));
    }

    [NamespaceTheory]
    [InlineData("HomeNetwork", "wrong passphrase", "AuthError")]
    [InlineData("NoSuchNetwork", "whatever1", "NetworkNotFound")]
    [InlineData("Office5G", "office-5g-pass", "NetworkNotFound")]
    public async Task A_join_that_fails_is_reported_with_its_reason_and_nothing_is_stored(string ssid, string passphrase, string reason)
    {
        await using var softAp = await SoftApDevice.StartAsync(SoftApDevice.Options(0));

        var run = softAp.Phone("--ssid", ssid, "--passphrase", passphrase);

        Assert.True(run.ExitCode == 3, run.Output);
        Assert.Equal("ConnectionFailed", run.State);
        Assert.Equal(reason, run.Last("status").GetProperty("fail_reason").GetString());
        Assert.False(softAp.Device.Settings.Contains(SettingKeys.WifiSsid));
        Assert.False(softAp.Device.Settings.Contains(SettingKeys.WifiPassphrase));
        Assert.Equal(DeviceState.Provisioning, softAp.Device.Lifecycle.State);
    }

    [NamespaceFact]
    public async Task A_hidden_network_is_not_scanned_but_joins_by_name()
    {
        await using var softAp = await SoftApDevice.StartAsync(SoftApDevice.Options(0));

        var run = softAp.Phone("--scan", "--ssid", "HiddenLab", "--passphrase", HiddenPassphrase);

        Assert.True(run.ExitCode == 0, run.Output);
        var scanned = run.Last("scan").GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("ssid").GetString()).ToList();
        Assert.DoesNotContain("HiddenLab", scanned);
        Assert.Equal("HiddenLab", run.Last("status").GetProperty("ssid").GetString());
    }

    [NamespaceFact]
    public async Task Scan_results_come_in_pages_of_four_strongest_first_without_5GHz_or_hidden_networks()
    {
        await using var softAp = await SoftApDevice.StartAsync(SoftApDevice.Options(0));

        var run = softAp.Phone("--scan", "--page", "4");

        Assert.True(run.ExitCode == 0, run.Output);
        var scan = run.Last("scan");
        var entries = scan.GetProperty("entries").EnumerateArray().ToList();
        int count = scan.GetProperty("count").GetInt32();
        Assert.Equal(count, entries.Count);
        Assert.True(count > 4, "the default environment must need more than one page");
        var rssi = entries.Select(e => e.GetProperty("rssi").GetInt32()).ToList();
        Assert.Equal(rssi.OrderByDescending(r => r), rssi);
        var ssids = entries.Select(e => e.GetProperty("ssid_hex").GetString()).ToList();
        Assert.DoesNotContain(Convert.ToHexStringLower("Office5G"u8), ssids);
        Assert.DoesNotContain(Convert.ToHexStringLower("HiddenLab"u8), ssids);
        Assert.Contains(Convert.ToHexStringLower("Café ☕ 📶"u8), ssids);
        Assert.Contains(string.Empty, ssids);
        Assert.Contains("4e657480c328ff", ssids);
    }

    [NamespaceFact]
    public async Task After_a_wrong_password_prov_ctrl_reset_lets_the_same_session_send_new_credentials()
    {
        await using var softAp = await SoftApDevice.StartAsync(SoftApDevice.Options(1, pop: "abcd1234"));

        var run = softAp.Phone("--sec", "1", "--pop", "abcd1234", "--ssid", "HomeNetwork", "--passphrase", "not it",
            "--retry-passphrase", SoftApDevice.HomePassphrase);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(0, run.Last("ctrl-reset").GetProperty("status").GetInt32());
        Assert.Equal("Connected", run.State);
        Assert.Equal("HomeNetwork"u8.ToArray(), softAp.Device.Settings.GetBytes(SettingKeys.WifiSsid));
    }

    [NamespaceFact]
    public async Task Reprovisioning_moves_a_connected_device_to_another_network()
    {
        await using var softAp = await SoftApDevice.StartAsync(SoftApDevice.Options(1, pop: "abcd1234", keepAlive: true));

        var run = softAp.Phone("--sec", "1", "--pop", "abcd1234", "--ssid", "HomeNetwork", "--passphrase", SoftApDevice.HomePassphrase,
            "--reprov-ssid", "CafeGuest");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(0, run.Last("ctrl-reprov").GetProperty("status").GetInt32());
        Assert.Equal("CafeGuest", run.Last("status").GetProperty("ssid").GetString());
        Assert.Equal("CafeGuest"u8.ToArray(), softAp.Device.Settings.GetBytes(SettingKeys.WifiSsid));
    }

    [NamespaceFact]
    public async Task Bad_requests_get_specific_refusals_and_the_device_keeps_serving()
    {
        await using var softAp = await SoftApDevice.StartAsync(SoftApDevice.Options(1, pop: "abcd1234"));
        using var bogus = RawHttpClient.Wrap(await softAp.Network.Phone.ConnectAsync(SoftApDevice.EndPoint));

        // Unknown endpoint: 404 naming it.
        var unknown = await bogus.PostAsync("no-such-endpoint", "x");
        Assert.Equal(404, unknown!.Status);
        Assert.Contains("no-such-endpoint", unknown.BodyText, StringComparison.Ordinal);

        // An encrypted endpoint without a session: closed without a response.
        Assert.Null(await bogus.PostAsync("prov-config", new byte[] { 0x08, 0x00, 0x52, 0x00 }));

        // A truncated protobuf on prov-session: closed without a response.
        using (var truncated = RawHttpClient.Wrap(await softAp.Network.Phone.ConnectAsync(SoftApDevice.EndPoint)))
        {
            Assert.Null(await truncated.PostAsync("prov-session", new byte[] { 0x10, 0x01, 0x5A, 0x40, 0x08 }));
        }

        // Garbage bytes that are not protobuf at all.
        using (var garbage = RawHttpClient.Wrap(await softAp.Network.Phone.ConnectAsync(SoftApDevice.EndPoint)))
        {
            Assert.Null(await garbage.PostAsync("prov-session", new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }));
        }

        // An oversized body: refused with 413.
        using (var big = RawHttpClient.Wrap(await softAp.Network.Phone.ConnectAsync(SoftApDevice.EndPoint)))
        {
            Assert.Equal(413, (await big.PostAsync("prov-session", new byte[5000]))!.Status);
        }

        var run = softAp.Phone("--sec", "1", "--pop", "abcd1234", "--ssid", "HomeNetwork", "--passphrase", SoftApDevice.HomePassphrase);
        Assert.True(run.ExitCode == 0, run.Output);
    }

    [NamespaceFact]
    public async Task A_second_phone_cannot_use_the_first_phones_session()
    {
        await using var softAp = await SoftApDevice.StartAsync(SoftApDevice.Options(0));
        using var first = RawHttpClient.Wrap(await softAp.Network.Phone.ConnectAsync(SoftApDevice.EndPoint));
        // SessionData { sec0 (10) { sc (20) {} } }: the sec0 handshake.
        var handshake = await first.PostAsync("prov-session", new byte[] { 0x52, 0x03, 0xA2, 0x01, 0x00 });
        Assert.Equal(200, handshake!.Status);
        string cookie = handshake.Header("Set-Cookie")!.Split(';')[0];

        // The second phone has no session and no cookie: refused, it gets nothing of the first session.
        using var second = RawHttpClient.Wrap(await softAp.Network.Phone.ConnectAsync(SoftApDevice.EndPoint));
        Assert.Null(await second.PostAsync("prov-config", new byte[] { 0x52, 0x00 }));

        // A forged cookie does not work either.
        using var forger = RawHttpClient.Wrap(await softAp.Network.Phone.ConnectAsync(SoftApDevice.EndPoint));
        Assert.Null(await forger.PostAsync("prov-config", new byte[] { 0x52, 0x00 }, "session=1"));
        Assert.False(softAp.Device.Settings.Contains(SettingKeys.WifiSsid));
        Assert.NotEmpty(cookie);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "condition not met within 5 s");
    }
}
