using Accessory.Core.Nan;
using Accessory.Simulator.Nan.Wpa;
using Accessory.Simulator.Tests.Nan;

namespace Accessory.Simulator.Tests.Nan.Wpa;

public sealed class WpaNanPublisherTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private readonly WpaSupplicantControlStandIn _wpa = new();

    public void Dispose() => _wpa.Dispose();

    [Fact]
    public void Publish_sends_service_name_ttl_ssi_and_solicitation_options_and_returns_the_id()
    {
        _wpa.Reply("NAN_PUBLISH", "7");
        using var publisher = Open();
        var config = new NanPublishConfig(AppleName()) { TtlSeconds = 30, ServiceInfo = new byte[] { 0x01, 0xAB }, Solicited = false };

        int id = publisher.Start(config);

        Assert.Equal(7, id);
        Assert.Equal("NAN_PUBLISH service_name=_accessory._tcp ttl=30 ssi=01ab solicited=0", _wpa.Commands[^1]);
    }

    [Fact]
    public void Publish_with_defaults_and_a_protocol_type_leaves_wpa_supplicant_defaults_alone()
    {
        _wpa.Reply("NAN_PUBLISH", "1");
        using var publisher = Open(serviceProtocolType: 2);
        publisher.Start(new NanPublishConfig(AppleName()) { Unsolicited = false });

        Assert.Equal("NAN_PUBLISH service_name=_accessory._tcp srv_proto_type=2 unsolicited=0", _wpa.Commands[^1]);
    }

    [Fact]
    public void Cancel_sends_the_publish_id()
    {
        _wpa.Reply("NAN_PUBLISH", "3");
        _wpa.Reply("NAN_CANCEL_PUBLISH", "OK\n");
        using var publisher = Open();
        publisher.Start(new NanPublishConfig(AppleName()));

        publisher.Cancel();

        Assert.Equal("NAN_CANCEL_PUBLISH publish_id=3", _wpa.Commands[^1]);
        Assert.Equal(0, publisher.PublishId);
    }

    [Fact]
    public void Follow_up_is_sent_as_nan_transmit_from_the_publish_handle()
    {
        _wpa.Reply("NAN_PUBLISH", "3");
        _wpa.Reply("NAN_TRANSMIT", "OK\n");
        using var publisher = Open();
        publisher.Start(new NanPublishConfig(AppleName()));

        var error = publisher.Transmit(new byte[] { 0x02, 0, 0, 0, 0x0e, 0x01 }, 9, new byte[] { 0x68, 0x69 });

        Assert.Equal(NanFollowUpError.None, error);
        Assert.Equal("NAN_TRANSMIT handle=3 req_instance_id=9 address=02:00:00:00:0e:01 ssi=6869", _wpa.Commands[^1]);
    }

    [Fact]
    public void Follow_up_to_broadcast_is_refused_without_asking_wpa_supplicant()
    {
        _wpa.Reply("NAN_PUBLISH", "3");
        using var publisher = Open();
        publisher.Start(new NanPublishConfig(AppleName()));
        int sent = _wpa.Commands.Count;

        Assert.Equal(NanFollowUpError.BadAddress, publisher.Transmit(NanAddress.Broadcast, 9, new byte[] { 1 }));
        Assert.Equal(sent, _wpa.Commands.Count);
    }

    [Fact]
    public void Events_become_core_nan_events_and_unreadable_ones_are_counted()
    {
        _wpa.Reply("NAN_PUBLISH", "5");
        using var publisher = Open();
        var inbox = new NanEventInbox();
        publisher.Notified += inbox.Add;
        publisher.Start(new NanPublishConfig(AppleName()));

        _wpa.Event("<3>NAN-REPLIED broken");
        _wpa.Event("<3>NAN-DISCOVERY-RESULT subscribe_id=2 publish_id=4 address=02:00:00:00:0e:02 fsd=1 fsd_gas=0 srv_proto_type=2 ssi=0102");
        _wpa.Event("<3>NAN-REPLIED publish_id=5 address=02:00:00:00:0e:01 subscribe_id=8 srv_proto_type=0 ssi=");
        _wpa.Event("<3>NAN-RECEIVE id=5 peer_instance_id=8 address=02:00:00:00:0e:01 ssi=6869");
        _wpa.Event("<3>NAN-PUBLISH-TERMINATED publish_id=5 reason=timeout");

        var discovered = inbox.WaitFor(NanEvents.DiscoveryResult, Wait);
        var replied = inbox.WaitFor(NanEvents.Replied, Wait);
        var received = inbox.WaitFor(NanEvents.Receive, Wait);
        var terminated = inbox.WaitFor(NanEvents.PublishTerminated, Wait);
        Assert.Equal("NAN-DISCOVERY-RESULT subscribe_id=2 publish_id=4 address=02:00:00:00:0e:02 ssi=0102", discovered?.ToString());
        Assert.Equal("NAN-REPLIED publish_id=5 address=02:00:00:00:0e:01 subscribe_id=8 ssi=", replied?.ToString());
        Assert.Equal("NAN-RECEIVE id=5 peer_instance_id=8 address=02:00:00:00:0e:01 ssi=6869", received?.ToString());
        Assert.Equal(NanEvents.ReasonTimeout, terminated?.Reason);
        Assert.Equal(1, publisher.UnparsedEvents);
        Assert.Equal(0, publisher.PublishId);
    }

    [Fact]
    public void A_publish_ended_by_failure_keeps_hostaps_reason_and_frees_the_id()
    {
        _wpa.Reply("NAN_PUBLISH", "2");
        using var publisher = Open();
        var inbox = new NanEventInbox();
        publisher.Notified += inbox.Add;
        publisher.Start(new NanPublishConfig(AppleName()));

        _wpa.Event("<3>NAN-PUBLISH-TERMINATED publish_id=2 reason=failure");

        Assert.Equal("failure", inbox.WaitFor(NanEvents.PublishTerminated, Wait)?.Reason);
        Assert.Equal(0, publisher.PublishId);
    }

    [Fact]
    public void Unknown_command_reply_says_nan_usd_is_unsupported()
    {
        using var publisher = Open();

        var e = Assert.Throws<WpaNanException>(() => publisher.Start(new NanPublishConfig(AppleName())));

        Assert.Equal("this wpa_supplicant or driver does not support NAN USD (NAN_PUBLISH answered 'UNKNOWN COMMAND' on wlan-test)", e.Message);
    }

    [Fact]
    public void Fail_reply_says_nan_usd_is_unsupported()
    {
        _wpa.Reply("NAN_PUBLISH", "FAIL\n");
        using var publisher = Open();

        var e = Assert.Throws<WpaNanException>(() => publisher.Start(new NanPublishConfig(AppleName())));

        Assert.StartsWith("this wpa_supplicant or driver does not support NAN USD (NAN_PUBLISH answered 'FAIL'", e.Message);
    }

    [Fact]
    public void Missing_control_socket_says_wpa_supplicant_is_not_running()
    {
        var options = new WpaNanOptions("wlan-absent") { ControlDirectory = _wpa.ControlDirectory };

        var e = Assert.Throws<WpaNanException>(() => WpaNanPublisher.Open(options));

        Assert.Equal("wpa_supplicant is not running on wlan-absent (no " + _wpa.ControlDirectory + "/wlan-absent)", e.Message);
    }

    private static NanServiceName AppleName() =>
        NanServiceName.TryFromApple("accessory", NanServiceProtocol.Tcp, out _) ?? throw new InvalidOperationException("bad test name");

    private WpaNanPublisher Open(int? serviceProtocolType = null)
    {
        var publisher = WpaNanPublisher.Open(new WpaNanOptions(_wpa.InterfaceName) { ControlDirectory = _wpa.ControlDirectory, ServiceProtocolType = serviceProtocolType });
        Assert.True(_wpa.WaitForAttach(Wait));
        return publisher;
    }
}
