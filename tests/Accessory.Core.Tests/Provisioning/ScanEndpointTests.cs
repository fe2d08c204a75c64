using Accessory.Core.Provisioning;
using Accessory.Core.Tests.Fakes;
using Accessory.Phone.Protos;
using CoreAuth = Accessory.Core.Wifi.WifiAuthMode;
using WifiAccessPoint = Accessory.Core.Wifi.WifiAccessPoint;

namespace Accessory.Core.Tests.Provisioning;

public class ScanEndpointTests
{
    private static FakeNetwork[] TwentyNetworks()
    {
        var random = new Random(1234);
        return Enumerable.Range(0, 20)
            .Select(i => FakeNetwork.Create("net-" + i, "pw", rssi: -30 - random.Next(0, 60), channel: 1 + (i % 13), auth: (CoreAuth)(i % 8), lastBssidByte: (byte)i))
            .ToArray();
    }

    private static WiFiScanPayload Start(bool blocking) => new() { Msg = WiFiScanMsgType.TypeCmdScanStart, CmdScanStart = new CmdScanStart { Blocking = blocking, PeriodMs = 120 } };

    private static WiFiScanPayload StatusRequest() => new() { Msg = WiFiScanMsgType.TypeCmdScanStatus };

    private static WiFiScanPayload Results(uint start, uint count) => new() { Msg = WiFiScanMsgType.TypeCmdScanResult, CmdScanResult = new CmdScanResult { StartIndex = start, Count = count } };

    [Fact]
    public void A_non_blocking_scan_keeps_the_16_strongest_and_pages_4_at_a_time()
    {
        var networks = TwentyNetworks();
        using var h = new ProvisioningHarness(null, 2, networks).Started();

        var started = h.Scan(Start(blocking: false));
        Assert.Equal(WiFiScanMsgType.TypeRespScanStart, started.Msg);
        Assert.Equal(WiFiScanPayload.PayloadOneofCase.RespScanStart, started.PayloadCase);

        var running = h.Scan(StatusRequest());
        Assert.Equal(WiFiScanMsgType.TypeRespScanStatus, running.Msg);
        Assert.False(running.RespScanStatus.ScanFinished);

        h.Clock.Advance(h.Radio.ScanDelayMilliseconds);
        var done = h.Scan(StatusRequest()).RespScanStatus;
        Assert.True(done.ScanFinished);
        Assert.Equal(16u, done.ResultCount);

        var all = new List<WiFiScanResult>();
        for (uint page = 0; page < 4; page++)
        {
            var reply = h.Scan(Results(page * 4, 4));
            Assert.Equal(WiFiScanMsgType.TypeRespScanResult, reply.Msg);
            Assert.Equal(Status.Success, reply.Status);
            Assert.Equal(4, reply.RespScanResult.Entries.Count);
            all.AddRange(reply.RespScanResult.Entries);
        }

        var expected = networks.Select(n => n.AccessPoint).OrderByDescending(a => a.Rssi).Take(16).ToArray();
        Assert.Equal(expected.Select(a => a.Rssi), all.Select(e => e.Rssi));
        Assert.Equal(expected.Select(a => System.Text.Encoding.UTF8.GetString(a.Ssid)).ToHashSet(), all.Select(e => e.Ssid.ToStringUtf8()).ToHashSet());
        var first = all[0];
        var source = networks.Single(n => System.Text.Encoding.UTF8.GetString(n.AccessPoint.Ssid) == first.Ssid.ToStringUtf8()).AccessPoint;
        Assert.Equal(source.Bssid, first.Bssid.ToByteArray());
        Assert.Equal((uint)source.Channel, first.Channel);
        Assert.Equal((int)source.Auth, (int)first.Auth);
    }

    [Theory]
    [InlineData(14u, 4u)]
    [InlineData(16u, 1u)]
    [InlineData(0u, 17u)]
    [InlineData(4294967295u, 2u)]
    public void Paging_beyond_the_kept_results_is_a_handler_error(uint start, uint count)
    {
        using var h = new ProvisioningHarness(null, 2, TwentyNetworks()).Started();
        h.Scan(Start(blocking: false));
        h.Clock.Advance(h.Radio.ScanDelayMilliseconds);
        var response = h.Send("prov-scan", Results(start, count));
        Assert.Equal(ProtocommOutcome.HandlerFailed, response.Outcome);
    }

    [Fact]
    public void Results_before_any_scan_are_a_handler_error_unless_empty()
    {
        using var h = new ProvisioningHarness().Started();
        Assert.Equal(ProtocommOutcome.HandlerFailed, h.Send("prov-scan", Results(0, 4)).Outcome);
        Assert.Empty(h.Scan(Results(0, 0)).RespScanResult.Entries);
    }

    [Fact]
    public void Auth_modes_beyond_7_are_clamped_for_the_phone()
    {
        var odd = new FakeNetwork(new WifiAccessPoint("Odd"u8.ToArray(), new byte[6], 3, -40, (CoreAuth)9), "pw");
        using var h = new ProvisioningHarness(null, 2, odd).Started();
        h.Scan(Start(blocking: false));
        h.Clock.Advance(h.Radio.ScanDelayMilliseconds);
        var entry = Assert.Single(h.Scan(Results(0, 1)).RespScanResult.Entries);
        Assert.Equal(WifiAuthMode.Wpa2Wpa3Psk, entry.Auth);
    }

    [Fact]
    public async Task A_blocking_scan_replies_when_the_scan_ends()
    {
        using var h = new ProvisioningHarness(null, 2, TwentyNetworks()).Started();
        var pending = Task.Run(() => h.Send("prov-scan", Start(blocking: true)));

        Assert.True(h.Radio.ScanStarted.Wait(TimeSpan.FromSeconds(10)), "the handler never reached the radio");
        Assert.False(pending.IsCompleted);
        h.Clock.Advance(h.Radio.ScanDelayMilliseconds);

        var response = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ProtocommOutcome.Ok, response.Outcome);
        Assert.True(h.Scan(StatusRequest()).RespScanStatus.ScanFinished);
    }

    [Fact]
    public void A_blocking_scan_that_never_ends_fails_after_its_bound()
    {
        using var h = new ProvisioningHarness(new ProvisioningOptions { BlockingScanTimeoutMilliseconds = 0 }).Started();
        Assert.Equal(ProtocommOutcome.HandlerFailed, h.Send("prov-scan", Start(blocking: true)).Outcome);
    }

    [Fact]
    public void A_start_during_a_running_scan_joins_it()
    {
        using var h = new ProvisioningHarness().Started();
        h.Scan(Start(blocking: false));
        h.Scan(Start(blocking: false));
        Assert.Equal(1, h.Radio.ScanCount);
        h.Clock.Advance(h.Radio.ScanDelayMilliseconds);
        h.Scan(Start(blocking: false));
        Assert.Equal(2, h.Radio.ScanCount);
    }

    [Fact]
    public void Without_scan_enabled_there_is_no_prov_scan_endpoint()
    {
        using var h = new ProvisioningHarness(new ProvisioningOptions { ScanEnabled = false }).Started();
        Assert.Equal(ProtocommOutcome.UnknownEndpoint, h.Send("prov-scan", StatusRequest()).Outcome);
        Assert.DoesNotContain("wifi_scan", h.Service.VersionEndpoint.Document, StringComparison.Ordinal);
    }
}
