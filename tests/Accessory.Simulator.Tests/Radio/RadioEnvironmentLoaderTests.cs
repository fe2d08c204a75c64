using Accessory.Core.Wifi;
using Accessory.Simulator.Radio;

namespace Accessory.Simulator.Tests.Radio;

public sealed class RadioEnvironmentLoaderTests
{
    private const string Header = "access_points:\n";

    private static RadioEnvironmentException Fails(string yaml) =>
        Assert.Throws<RadioEnvironmentException>(() => RadioEnvironmentLoader.Parse(yaml, "lab.yaml"));

    private static string Ap(string extra, string bssid = "02:00:00:00:00:01", string channel = "6") =>
        Header + "  - ssid: Lab\n    bssid: \"" + bssid + "\"\n    channel: " + channel + "\n    password: \"lab-password\"\n" + extra;

    [Fact]
    public void Minimal_file_gets_defaults()
    {
        var environment = RadioEnvironmentLoader.Parse(Ap(string.Empty), "lab.yaml");

        var ap = Assert.Single(environment.AccessPoints);
        Assert.Equal(WifiAuthMode.Wpa2Psk, ap.Auth);
        Assert.Equal(WifiBand.Band24GHz, ap.Band);
        Assert.Equal(-60, ap.Rssi);
        Assert.Equal("192.168.1", ap.Subnet);
        Assert.Equal(2, ap.SourceLine);
        Assert.Equal("realistic", environment.Timing.Name);
    }

    [Fact]
    public void Fast_timing_and_hex_ssid_are_read()
    {
        var environment = RadioEnvironmentLoader.Parse(
            "timing: fast\ndevice:\n  bands: [2.4, 5]\n" + Header + "  - ssid_hex: \"c3 28 ff\"\n    bssid: \"02:00:00:00:00:01\"\n    channel: 149\n    auth: open\n",
            "lab.yaml");

        Assert.Equal(TimingModel.Fast.ScanMilliseconds, environment.Timing.ScanMilliseconds);
        Assert.True(environment.Device.Supports5GHz);
        var ap = Assert.Single(environment.AccessPoints);
        Assert.Equal(new byte[] { 0xc3, 0x28, 0xff }, ap.Ssid);
        Assert.Equal(WifiBand.Band5GHz, ap.Band);
    }

    [Fact]
    public void Broken_yaml_names_file_and_line()
    {
        var e = Fails("access_points:\n  - ssid: Lab\n    bssid: [unclosed\n");

        Assert.Equal("lab.yaml", e.SourceName);
        Assert.True(e.Line >= 3, "line " + e.Line);
        Assert.StartsWith("lab.yaml:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("02:00:00:00:01")]
    [InlineData("02-00-00-00-00-01")]
    [InlineData("02:00:00:00:00:zz")]
    [InlineData("01:00:5e:00:00:01")]
    public void Bad_bssid_is_reported_on_its_line(string bssid)
    {
        var e = Fails(Ap(string.Empty, bssid));

        Assert.Equal(3, e.Line);
        Assert.Contains("BSSID", e.Message, StringComparison.Ordinal);
        Assert.Equal($"lab.yaml:3: {e.Problem}", e.Message);
    }

    [Fact]
    public void Ssid_over_32_bytes_is_refused()
    {
        // 31 ASCII bytes plus a 2-byte character: 33 bytes although only 32 characters.
        var e = Fails(Header + "  - ssid: \"" + new string('a', 31) + "é\"\n    bssid: \"02:00:00:00:00:01\"\n    channel: 1\n    auth: open\n");

        Assert.Equal(2, e.Line);
        Assert.Contains("33 bytes", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    band: 5\n", "6")]
    [InlineData("    band: 2.4\n", "36")]
    [InlineData("", "20")]
    [InlineData("", "0")]
    public void Channel_not_in_the_band_is_refused(string band, string channel)
    {
        var e = Fails(Ap(band, channel: channel));

        Assert.Equal(4, e.Line);
        Assert.Contains("channel", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Unknown_auth_mode_lists_the_valid_ones()
    {
        var e = Fails(Ap("    auth: wpa4\n"));

        Assert.Equal(6, e.Line);
        Assert.Contains("wpa2_psk", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Short_password_is_refused_without_echoing_it()
    {
        var e = Fails(Header + "  - ssid: Lab\n    bssid: \"02:00:00:00:00:01\"\n    channel: 1\n    password: \"s3cr\"\n");

        Assert.Equal(5, e.Line);
        Assert.DoesNotContain("s3cr", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_network_with_password_is_refused()
    {
        var e = Fails(Ap("    auth: open\n"));

        Assert.Equal(5, e.Line);
        Assert.DoesNotContain("lab-password", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_key_is_reported_with_its_line()
    {
        var e = Fails(Ap("    hiden: true\n"));

        Assert.Equal(6, e.Line);
        Assert.Contains("hiden", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_ssid_forms_or_neither_is_refused()
    {
        var e = Fails(Header + "  - bssid: \"02:00:00:00:00:01\"\n    channel: 1\n    auth: open\n");

        Assert.Equal(2, e.Line);
        Assert.Contains("ssid_hex", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_max_below_min_is_refused()
    {
        var e = Fails("timing:\n  model: fast\n  connect_min_ms: 500\n  connect_max_ms: 100\n" + Header);

        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Missing_access_point_list_is_refused()
    {
        var e = Fails("timing: fast\n");

        Assert.Equal("lab.yaml", e.SourceName);
        Assert.Contains("access_points", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_name_appears_in_load_file_errors()
    {
        string path = Path.Combine(Path.GetTempPath(), $"acc-env-{Environment.ProcessId}-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Ap("    rssi: loud\n"));
        try
        {
            var e = Assert.Throws<RadioEnvironmentException>(() => RadioEnvironment.LoadFile(path));
            Assert.StartsWith(path + ":6:", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
