using System.Text;
using Accessory.Core.Wifi;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Tests.Fakes;

namespace Accessory.Simulator.Tests.Radio;

public sealed class VirtualRadioTests
{
    private static readonly TimingModel Fixed = new("test", 2000, 4000, 4000);
    private readonly ManualClock _clock = new();

    private VirtualRadio Radio(RadioEnvironment? environment = null) =>
        new(environment ?? RadioEnvironment.LoadDefault().WithTiming(Fixed), _clock, new SequenceRandom());

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private WifiConnectResult? Join(VirtualRadio radio, byte[] ssid, string password, byte[]? bssid = null, int wait = 4000)
    {
        WifiConnectResult? result = null;
        radio.Connect(ssid, Utf8(password), bssid ?? [], r => result = r);
        _clock.Advance(wait);
        return result;
    }

    [Fact]
    public void Scan_reports_after_the_scan_time_never_inside_the_call()
    {
        var radio = Radio();
        WifiAccessPoint[]? seen = null;

        radio.StartScan(aps => seen = aps);
        Assert.Null(seen);
        _clock.Advance(1999);
        Assert.Null(seen);
        _clock.Advance(1);

        Assert.NotNull(seen);
    }

    [Fact]
    public void Scan_hides_5_GHz_and_hidden_networks_and_sorts_by_signal()
    {
        var seen = Radio().Scan();

        Assert.DoesNotContain(seen, ap => ap.Ssid.AsSpan().SequenceEqual(Utf8("Office5G")));
        Assert.DoesNotContain(seen, ap => ap.Ssid.AsSpan().SequenceEqual(Utf8("HiddenLab")));
        Assert.Contains(seen, ap => ap.Ssid.Length == 0);
        Assert.Contains(seen, ap => ap.Ssid.Length == 32);
        Assert.Equal(2, seen.Count(ap => ap.Ssid.AsSpan().SequenceEqual(Utf8("MeshHome"))));
        Assert.Equal(9, seen.Length);
        Assert.Equal(seen.Select(ap => ap.Rssi).OrderByDescending(r => r), seen.Select(ap => ap.Rssi));
    }

    [Fact]
    public void A_dual_band_device_sees_the_5_GHz_network()
    {
        var basic = RadioEnvironment.LoadDefault();
        var dual = new RadioEnvironment(basic.AccessPoints, new DeviceRadioModel { Supports5GHz = true }, Fixed);

        Assert.Contains(Radio(dual).Scan(), ap => ap.Ssid.AsSpan().SequenceEqual(Utf8("Office5G")) && ap.Channel == 36);
    }

    [Fact]
    public void Right_password_joins_after_the_connect_time_with_an_address_from_the_ap_subnet()
    {
        var radio = Radio();
        WifiConnectResult? result = null;

        radio.Connect(Utf8("HomeNetwork"), Utf8("correct horse battery"), [], r => result = r);
        _clock.Advance(3999);
        Assert.Null(result);
        _clock.Advance(1);

        Assert.NotNull(result);
        Assert.True(result.Connected);
        Assert.Equal("192.168.1.100", result.Ip4Address);
        Assert.Equal(new byte[] { 0x24, 0x0a, 0xc4, 0x10, 0x00, 0x01 }, result.AccessPoint!.Bssid);
        Assert.Equal(WifiAuthMode.Wpa2Psk, result.AccessPoint.Auth);
        Assert.Equal(6, result.AccessPoint.Channel);
        Assert.Equal(Utf8("HomeNetwork"), radio.JoinedAccessPoint!.Ssid);
    }

    [Fact]
    public void Wrong_password_is_an_auth_error()
    {
        var result = Join(Radio(), Utf8("HomeNetwork"), "wrong horse battery");

        Assert.False(result!.Connected);
        Assert.Equal(WifiFailReason.AuthError, result.FailReason);
    }

    [Theory]
    [InlineData("NoSuchNetwork")]
    [InlineData("Office5G")]
    [InlineData("homenetwork")]
    [InlineData("")]
    public void Unknown_or_invisible_network_is_not_found(string ssid)
    {
        var result = Join(Radio(), Utf8(ssid), "five-gigahertz");

        Assert.False(result!.Connected);
        Assert.Equal(WifiFailReason.NetworkNotFound, result.FailReason);
    }

    [Fact]
    public void Hidden_network_is_joinable_by_its_exact_name()
    {
        Assert.True(Join(Radio(), Utf8("HiddenLab"), "hidden-lab-pass")!.Connected);
        Assert.Equal(WifiFailReason.NetworkNotFound, Join(Radio(), Utf8("HiddenLa"), "hidden-lab-pass")!.FailReason);
    }

    [Fact]
    public void Open_network_needs_an_empty_password()
    {
        var joined = Join(Radio(), Utf8("CafeGuest"), string.Empty);
        var refused = Join(Radio(), Utf8("CafeGuest"), "some-password");

        Assert.True(joined!.Connected);
        Assert.Equal("10.10.0.100", joined.Ip4Address);
        Assert.False(refused!.Connected);
        Assert.Equal(WifiFailReason.NetworkNotFound, refused.FailReason);
    }

    [Fact]
    public void Non_utf8_ssid_is_joinable_by_its_raw_bytes()
    {
        var result = Join(Radio(), [0x4e, 0x65, 0x74, 0x80, 0xc3, 0x28, 0xff], "raw-bytes-ssid");

        Assert.True(result!.Connected);
    }

    [Fact]
    public void Emoji_ssid_is_joinable()
    {
        Assert.True(Join(Radio(), Utf8("Café ☕ 📶"), "emoji-network")!.Connected);
    }

    [Fact]
    public void Two_bssids_with_one_ssid_picks_the_stronger_and_waits_for_its_slow_dhcp()
    {
        var radio = Radio();
        WifiConnectResult? result = null;

        radio.Connect(Utf8("MeshHome"), Utf8("mesh-passphrase"), [], r => result = r);
        _clock.Advance(4000);
        Assert.Null(result);
        _clock.Advance(1500);

        Assert.True(result!.Connected);
        Assert.Equal(0x0b, result.AccessPoint!.Bssid[5]);
        Assert.Equal(-52, result.AccessPoint.Rssi);
        Assert.StartsWith("192.168.50.", result.Ip4Address, StringComparison.Ordinal);
    }

    [Fact]
    public void A_requested_bssid_is_honoured_even_when_weaker()
    {
        var result = Join(Radio(), Utf8("MeshHome"), "mesh-passphrase", [0x24, 0x0a, 0xc4, 0x10, 0x00, 0x0a]);

        Assert.True(result!.Connected);
        Assert.Equal(-72, result.AccessPoint!.Rssi);
    }

    [Fact]
    public void A_device_without_wpa3_cannot_find_a_wpa3_only_network()
    {
        var basic = RadioEnvironment.LoadDefault();
        var noWpa3 = new RadioEnvironment(basic.AccessPoints, new DeviceRadioModel { SupportsWpa3 = false }, Fixed);

        Assert.Equal(WifiFailReason.NetworkNotFound, Join(Radio(noWpa3), Utf8("Wpa3Only"), "sae-only-passphrase")!.FailReason);
        Assert.True(Join(Radio(), Utf8("Wpa3Only"), "sae-only-passphrase")!.Connected);
    }

    [Fact]
    public void Disconnect_during_a_join_means_its_callback_never_comes()
    {
        var radio = Radio();
        bool called = false;

        radio.Connect(Utf8("HomeNetwork"), Utf8("correct horse battery"), [], _ => called = true);
        _clock.Advance(1000);
        radio.Disconnect();
        _clock.Advance(10_000);

        Assert.False(called);
        Assert.Null(radio.JoinedAccessPoint);
    }

    [Fact]
    public void A_new_join_supersedes_the_one_in_progress()
    {
        var radio = Radio();
        var results = new List<string>();

        radio.Connect(Utf8("HomeNetwork"), Utf8("correct horse battery"), [], _ => results.Add("first"));
        _clock.Advance(1000);
        radio.Connect(Utf8("CafeGuest"), [], [], r => results.Add("second " + r.Ip4Address));
        _clock.Advance(10_000);

        Assert.Equal(["second 10.10.0.100"], results);
    }

    [Fact]
    public void Losing_the_link_raises_link_lost_only_when_joined()
    {
        var radio = Radio();
        var lost = new List<string>();
        radio.LinkLost += reason => lost.Add(reason);

        radio.LoseLink("beacon timeout");
        Join(radio, Utf8("HomeNetwork"), "correct horse battery");
        radio.LoseLink("AP vanished");

        Assert.Equal(["AP vanished"], lost);
        Assert.Null(radio.JoinedAccessPoint);
    }

    [Fact]
    public void Realistic_join_takes_between_three_and_six_seconds()
    {
        var radio = Radio(RadioEnvironment.LoadDefault());
        WifiConnectResult? result = null;

        radio.Connect(Utf8("HomeNetwork"), Utf8("correct horse battery"), [], r => result = r);
        _clock.Advance(2999);
        Assert.Null(result);
        _clock.Advance(3001);

        Assert.True(result!.Connected);
    }
}
