using System.Text;
using System.Text.Json;
using Accessory.Core.Device;
using Accessory.Core.Nan;
using Accessory.Simulator.Faults;
using Accessory.Simulator.Nan;
using Accessory.Simulator.Nan.Wpa;
using Accessory.Simulator.Net;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Tests.Net;

namespace Accessory.Simulator.Tests.Nan.Control;

/// <summary>
/// `--nan wpa-supplicant` end to end without a NAN radio: the device's adapter drives the simulated radio's control
/// socket (hostap's commands, as checked against its sources) and a phone in another namespace discovers the
/// publish and talks to it over the medium.
/// </summary>
public sealed class WpaAdapterOverControlSocketTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [NamespaceFact]
    public void The_device_publishes_through_the_control_socket_and_a_phone_finds_it_and_reaches_it()
    {
        using var lan = LanSegment.Create("device", "phone");
        using var radio = ControlledNanRadio.Start(lan["device"]);
        var lifecycle = new DeviceLifecycle(false);
        var options = new NanOptions
        {
            InterfaceName = lan["device"].InterfaceName,
            WpaSupplicant = new WpaNanOptions(lan["device"].InterfaceName) { ControlDirectory = radio.Directory },
        };
        using var nan = new DeviceNan(options, "02C10D0000AB", "sim-lamp", lifecycle, new ActiveFaults(), new SystemClock(), new RecordingLog(), null);
        var deviceEvents = new NanEventInbox();
        nan.Notified += deviceEvents.Add;
        nan.Start();
        Assert.True(nan.Publishing);
        using var phone = NanPhone.Start(lan["phone"]);

        var found = phone.Discover();
        Assert.Equal("02C10D0000AB", JsonDocument.Parse(found.ServiceInfo!).RootElement.GetProperty("id").GetString());
        Assert.Equal(radio.Radio.Address, found.PeerAddress);

        // The phone's follow-up arrives at the device as wpa_supplicant's NAN-RECEIVE, mapped back to the core's event.
        phone.Subscriber.Transmit(found.PeerAddress!, found.PeerInstanceId, Encoding.UTF8.GetBytes("hello"));
        var received = deviceEvents.WaitFor(NanEvents.Receive, NanPhone.Patience);
        Assert.Equal("hello", Encoding.UTF8.GetString(received?.ServiceInfo ?? []));
        Assert.Equal(phone.Radio.Address, received!.PeerAddress);

        // Joining its network cancels the publish with NAN_CANCEL_PUBLISH publish_id=...: the radio reports it ended.
        lifecycle.Fire(DeviceTrigger.StartProvisioning);
        lifecycle.Fire(DeviceTrigger.CredentialsApplied);
        Assert.False(nan.Publishing);
        Assert.Equal("<3>NAN-PUBLISH-TERMINATED publish_id=" + found.PeerInstanceId + " reason=user-request", radio.WaitForEvent("NAN-PUBLISH-TERMINATED"));
        Assert.Equal("FAIL", radio.Client.Request("NAN_CANCEL_PUBLISH publish_id=" + found.PeerInstanceId));
    }
}
