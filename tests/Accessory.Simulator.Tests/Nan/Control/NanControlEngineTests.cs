using Accessory.Core.Nan;
using Accessory.Simulator.Crypto;
using Accessory.Simulator.Nan.Control;
using Accessory.Simulator.Platform;

namespace Accessory.Simulator.Tests.Nan.Control;

/// <summary>The hostap-style commands on a radio without a medium: replies, ids, and the reason for every refusal.</summary>
public sealed class NanControlEngineTests
{
    private readonly RecordingNanRadio _radio = new();

    [Fact]
    public void Publish_and_subscribe_get_ids_from_one_space_and_cancel_frees_them()
    {
        using var engine = Engine();

        Assert.Equal("1", engine.Execute("NAN_PUBLISH service_name=_accessory._tcp ssi=6869 ttl=60"));
        Assert.Equal("2", engine.Execute("NAN_SUBSCRIBE service_name=lamp active=1"));
        Assert.Equal("OK", engine.Execute("NAN_CANCEL_PUBLISH publish_id=1"));
        Assert.Equal("1", engine.Execute("NAN_SUBSCRIBE service_name=other"));
    }

    [Fact]
    public void Cancel_reports_the_termination_as_wpa_supplicant_does()
    {
        using var engine = Engine();
        var events = new NanEventInbox();
        engine.Notified += events.Add;
        engine.Execute("NAN_SUBSCRIBE service_name=lamp");

        engine.Execute("NAN_CANCEL_SUBSCRIBE subscribe_id=1");

        Assert.Equal("NAN-SUBSCRIBE-TERMINATED subscribe_id=1 reason=user-request", events.WaitFor(NanEvents.SubscribeTerminated, TimeSpan.Zero)?.ToString());
    }

    [Fact]
    public void Unsolicited_publish_goes_on_the_air_at_once()
    {
        using var engine = Engine();

        engine.Execute("NAN_PUBLISH service_name=_accessory._tcp");

        Assert.NotEmpty(_radio.Sent);
    }

    [Theory]
    [InlineData("PING", "PONG")]
    [InlineData("NAN_UPDATE_PUBLISH publish_id=1", "UNKNOWN COMMAND")]
    [InlineData("SCAN", "UNKNOWN COMMAND")]
    [InlineData("", "UNKNOWN COMMAND")]
    public void Other_commands_answer_like_wpa_supplicant(string command, string reply)
    {
        using var engine = Engine();

        Assert.Equal(reply, engine.Execute(command));
    }

    [Theory]
    [InlineData("NAN_PUBLISH", "NAN_PUBLISH: service_name= is required")]
    [InlineData("NAN_PUBLISH service_name=", "NAN_PUBLISH: service_name '' is not a NAN service name")]
    [InlineData("NAN_PUBLISH service_name=x colour=red", "NAN_PUBLISH: unknown parameter 'colour'")]
    [InlineData("NAN_PUBLISH service_name=x ttl=5 ttl=6", "NAN_PUBLISH: 'ttl' given twice")]
    [InlineData("NAN_PUBLISH service_name=x ttl=-1", "NAN_PUBLISH: ttl=-1 is not a number within 0..65535")]
    [InlineData("NAN_PUBLISH service_name=x ssi=abc", "NAN_PUBLISH: ssi= must be hex digits in pairs")]
    [InlineData("NAN_PUBLISH service_name=x solicited=0 unsolicited=0", "would publish nothing")]
    [InlineData("NAN_PUBLISH service_name=x solicited=2", "NAN_PUBLISH: solicited=2 is not a number within 0..1")]
    [InlineData("NAN_SUBSCRIBE service_name=x verbose", "NAN_SUBSCRIBE: 'verbose' is not key=value")]
    [InlineData("NAN_CANCEL_PUBLISH publish_id=9", "no running publish with publish_id=9")]
    [InlineData("NAN_CANCEL_PUBLISH", "publish_id= is required")]
    [InlineData("NAN_CANCEL_SUBSCRIBE subscribe_id=1", "no running subscribe with subscribe_id=1")]
    [InlineData("NAN_TRANSMIT handle=1 req_instance_id=3 address=02:00:00:00:00:01", "no running publish or subscribe with handle=1")]
    public void Refusals_name_their_reason(string command, string reason)
    {
        using var engine = Engine();

        var refused = Assert.Throws<NanControlException>(() => engine.Execute(command));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("req_instance_id=3 address=02:00:00:00:00", "is not a MAC address")]
    [InlineData("req_instance_id=3 address=02:00:00:00:00:zz", "is not a MAC address")]
    [InlineData("address=02:00:00:00:00:01", "req_instance_id= is required")]
    [InlineData("req_instance_id=0 address=02:00:00:00:00:01", "req_instance_id=0 is not a number within 1..255")]
    [InlineData("req_instance_id=3 address=ff:ff:ff:ff:ff:ff", "not sent: BadAddress")]
    public void Transmit_refusals_name_their_reason(string arguments, string reason)
    {
        using var engine = Engine();
        engine.Execute("NAN_SUBSCRIBE service_name=lamp");

        var refused = Assert.Throws<NanControlException>(() => engine.Execute("NAN_TRANSMIT handle=1 " + arguments));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_are_reused_lowest_first_after_a_cancel()
    {
        using var engine = Engine();
        engine.Execute("NAN_SUBSCRIBE service_name=a");
        engine.Execute("NAN_CANCEL_SUBSCRIBE subscribe_id=1");
        Assert.Equal("1", engine.Execute("NAN_SUBSCRIBE service_name=b"));

        Assert.Equal("2", engine.Execute("NAN_SUBSCRIBE service_name=c"));
        Assert.Equal("OK", engine.Execute("NAN_CANCEL_SUBSCRIBE subscribe_id=1"));
    }

    private NanControlEngine Engine() => new(_radio, new SystemClock(), new DotNetCryptoProvider());
}
