using System.Text;
using Accessory.Core.Device;
using Accessory.Simulator.Faults;
using Accessory.Simulator.Nan;
using Accessory.Simulator.Nan.Wpa;
using Accessory.Simulator.Platform;
using Accessory.TestKit;

namespace Accessory.Simulator.Tests.Nan.Wpa;

/// <summary>`--nan wpa-supplicant`: the device's publish goes to wpa_supplicant's control socket (the test-only stand-in).</summary>
public sealed class DeviceNanWpaTests : IDisposable
{
    private readonly WpaSupplicantControlStandIn _wpa = new();

    public void Dispose() => _wpa.Dispose();

    [Fact]
    public void The_device_publishes_through_wpa_supplicant_while_the_lifecycle_wants_it_and_cancels_when_joining()
    {
        _wpa.Reply("NAN_PUBLISH", "5");
        _wpa.Reply("NAN_CANCEL_PUBLISH", "OK\n");
        var lifecycle = new DeviceLifecycle(false);
        var options = new NanOptions
        {
            InterfaceName = _wpa.InterfaceName,
            WpaSupplicant = new WpaNanOptions(_wpa.InterfaceName) { ControlDirectory = _wpa.ControlDirectory },
        };
        using var nan = new DeviceNan(options, "02C10D0000AA", "sim-lamp", lifecycle, new ActiveFaults(), new SystemClock(), new RecordingLog(), null);

        nan.Start();

        var publish = Assert.Single(_wpa.Commands, c => c.StartsWith("NAN_PUBLISH ", StringComparison.Ordinal));
        string ssi = Convert.ToHexStringLower(Encoding.UTF8.GetBytes("{\"id\":\"02C10D0000AA\",\"model\":\"sim-lamp\"}"));
        Assert.Equal("NAN_PUBLISH service_name=_accessory._tcp ssi=" + ssi, publish);
        Assert.True(nan.Publishing);

        lifecycle.Fire(DeviceTrigger.StartProvisioning);
        lifecycle.Fire(DeviceTrigger.CredentialsApplied);

        Assert.Equal("NAN_CANCEL_PUBLISH publish_id=5", _wpa.Commands[^1]);
        Assert.False(nan.Publishing);
    }

    [Fact]
    public void Without_wpa_supplicant_the_device_says_so()
    {
        var options = new NanOptions
        {
            InterfaceName = "wlan-none",
            WpaSupplicant = new WpaNanOptions("wlan-none") { ControlDirectory = _wpa.ControlDirectory },
        };

        var error = Assert.Throws<WpaNanException>(() => new DeviceNan(options, "02C10D0000AA", "sim-lamp", new DeviceLifecycle(false), new ActiveFaults(), new SystemClock(), new RecordingLog(), null));

        Assert.Contains("wpa_supplicant is not running on wlan-none", error.Message, StringComparison.Ordinal);
    }
}
