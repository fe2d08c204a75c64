using System.Text;
using Accessory.Core.Wifi;
using Accessory.Simulator.Radio;

namespace Accessory.Simulator.Tests.Radio;

public sealed class RadioEnvironmentDefaultTests
{
    private readonly RadioEnvironment _environment = RadioEnvironment.LoadDefault();

    private AccessPointDefinition[] Named(string ssid) =>
        [.. _environment.AccessPoints.Where(ap => ap.Ssid.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(ssid)))];

    [Fact]
    public void Default_environment_is_realistic_for_a_2_4_GHz_only_device()
    {
        Assert.Equal("realistic", _environment.Timing.Name);
        Assert.Equal(2000, _environment.Timing.ScanMilliseconds);
        Assert.Equal(3000, _environment.Timing.ConnectMinMilliseconds);
        Assert.Equal(6000, _environment.Timing.ConnectMaxMilliseconds);
        Assert.False(_environment.Device.Supports5GHz);
    }

    [Fact]
    public void Default_environment_has_a_normal_wpa2_network_an_open_one_and_a_wpa3_only_one()
    {
        Assert.Equal(WifiAuthMode.Wpa2Psk, Assert.Single(Named("HomeNetwork")).Auth);
        var open = Assert.Single(Named("CafeGuest"));
        Assert.Equal(WifiAuthMode.Open, open.Auth);
        Assert.Equal(string.Empty, open.Password);
        Assert.Equal(WifiAuthMode.Wpa3Psk, Assert.Single(Named("Wpa3Only")).Auth);
    }

    [Fact]
    public void Default_environment_has_a_5_GHz_only_network_and_a_hidden_one()
    {
        var fiveOnly = Assert.Single(Named("Office5G"));
        Assert.Equal(WifiBand.Band5GHz, fiveOnly.Band);
        Assert.True(Assert.Single(Named("HiddenLab")).Hidden);
    }

    [Fact]
    public void Default_environment_has_the_awkward_ssids()
    {
        Assert.Contains(_environment.AccessPoints, ap => ap.Ssid.Length == 32);
        Assert.Contains(_environment.AccessPoints, ap => ap.Ssid.Length == 0);
        Assert.Contains(_environment.AccessPoints, ap => Encoding.UTF8.GetString(ap.Ssid).EnumerateRunes().Any(r => r.Utf8SequenceLength == 4));
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        Assert.Contains(_environment.AccessPoints, ap => !IsValidUtf8(strict, ap.Ssid));
    }

    [Fact]
    public void Default_environment_has_one_ssid_on_two_bssids()
    {
        var mesh = Named("MeshHome");
        Assert.Equal(2, mesh.Length);
        Assert.False(mesh[0].Bssid.AsSpan().SequenceEqual(mesh[1].Bssid));
    }

    [Fact]
    public void Default_file_is_copied_next_to_the_simulator_and_matches_the_embedded_one()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Radio", "default-environment.yaml");
        var fromFile = RadioEnvironment.LoadFile(path);
        Assert.Equal(_environment.AccessPoints.Count, fromFile.AccessPoints.Count);
        Assert.Equal(11, fromFile.AccessPoints.Count);
    }

    private static bool IsValidUtf8(Encoding strict, byte[] bytes)
    {
        try
        {
            strict.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
