using Accessory.Core.Nan;
using Accessory.Simulator.Crypto;

namespace Accessory.Core.Tests.Nan;

public class NanPublishSubscribeTests
{
    private static readonly DotNetCryptoProvider Crypto = new();
    private static readonly NanServiceName Service = NanServiceName.FromApple("accessory", NanServiceProtocol.Tcp);

    private readonly InMemoryNanMedium _medium = new();
    private readonly ManualClock _clock = new();
    private readonly INanRadio _accessoryRadio;
    private readonly INanRadio _phoneRadio;
    private readonly List<NanEvent> _publisherEvents = new();
    private readonly List<NanEvent> _subscriberEvents = new();

    public NanPublishSubscribeTests()
    {
        _accessoryRadio = _medium.Attach(0x0A);
        _phoneRadio = _medium.Attach(0x0B);
    }

    [Fact]
    public void Unsolicited_publish_is_found_by_a_passive_subscriber_once()
    {
        NanPublisher publisher = Publisher(new NanPublishConfig(Service) { Solicited = false, PeriodMilliseconds = 100, ServiceInfo = new byte[] { 0xC0, 0xDE } });
        NanSubscriber subscriber = Subscriber(new NanSubscribeConfig(NanServiceName.FromAndroid("_ACCESSORY._tcp")) { Active = false });
        subscriber.Start();
        publisher.Start();

        _clock.Advance(1000);

        Assert.Equal(11, _medium.CountSent(_accessoryRadio.Address, NanServiceControlType.Publish));
        Assert.Equal(0, _medium.CountSent(_phoneRadio.Address, NanServiceControlType.Subscribe));
        NanEvent found = Assert.Single(_subscriberEvents);
        Assert.Equal("NAN-DISCOVERY-RESULT subscribe_id=5 publish_id=3 address=02:00:00:00:00:0a ssi=c0de", found.ToString());
        NanDiscoveryResult result = Assert.Single(subscriber.Results);
        Assert.Equal(_accessoryRadio.Address, result.PeerAddress);
        Assert.Equal(3, result.PeerInstanceId);
        Assert.Equal(new byte[] { 0xC0, 0xDE }, result.ServiceInfo);
    }

    [Fact]
    public void Solicited_only_publisher_answers_an_active_subscriber_and_stays_silent_otherwise()
    {
        NanPublisher publisher = Publisher(new NanPublishConfig(Service) { Unsolicited = false, ServiceInfo = new byte[] { 1 } });
        publisher.Start();
        _clock.Advance(5000);
        Assert.Empty(_medium.Sent);

        NanSubscriber subscriber = Subscriber(new NanSubscribeConfig(Service) { Active = true, PeriodMilliseconds = 500, ServiceInfo = new byte[] { 9 } });
        subscriber.Start();

        Assert.Equal(new[] { NanEvents.Replied }, _publisherEvents.Select(e => e.Name));
        Assert.Equal("NAN-REPLIED publish_id=3 address=02:00:00:00:00:0b subscribe_id=5 ssi=09", _publisherEvents[0].ToString());
        var reply = _medium.Sent.Single(s => s.Source.SequenceEqual(_accessoryRadio.Address));
        Assert.Equal(_phoneRadio.Address, reply.Destination);
        Assert.Equal(5, reply.Frame.Descriptors[0].RequestorInstanceId);
        Assert.Single(_subscriberEvents);

        // Every further subscribe is answered, but the discovery is reported once.
        _clock.Advance(2000);
        Assert.Equal(5, _publisherEvents.Count);
        Assert.Single(_subscriberEvents);
        Assert.Single(subscriber.Results);
    }

    [Fact]
    public void Passive_subscriber_does_not_find_a_solicited_only_publisher()
    {
        Publisher(new NanPublishConfig(Service) { Unsolicited = false }).Start();
        Subscriber(new NanSubscribeConfig(Service) { Active = false }).Start();
        _clock.Advance(10_000);
        Assert.Empty(_medium.Sent);
        Assert.Empty(_subscriberEvents);
    }

    [Fact]
    public void Other_services_are_ignored()
    {
        Publisher(new NanPublishConfig(NanServiceName.FromApple("other", NanServiceProtocol.Tcp))).Start();
        Subscriber(new NanSubscribeConfig(Service)).Start();
        _clock.Advance(3000);
        Assert.Empty(_publisherEvents);
        Assert.Empty(_subscriberEvents);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2 }, new byte[] { 1, 2 }, true)]
    [InlineData(new byte[] { 1, 2 }, new byte[] { 1, 3 }, false)]
    [InlineData(new byte[] { 1, 2 }, new byte[] { 1, 2, 0 }, false)]
    [InlineData(new byte[] { 1, 2 }, null, true)]
    [InlineData(null, new byte[] { 7 }, true)]
    public void Matching_filters_compare_byte_exact(byte[]? publisherFilter, byte[]? subscriberFilter, bool match)
    {
        Publisher(new NanPublishConfig(Service) { Unsolicited = false, MatchingFilter = publisherFilter }).Start();
        Subscriber(new NanSubscribeConfig(Service) { MatchingFilter = subscriberFilter }).Start();
        Assert.Equal(match, _publisherEvents.Any(e => e.Name == NanEvents.Replied));
        Assert.Equal(match, _subscriberEvents.Any(e => e.Name == NanEvents.DiscoveryResult));
    }

    [Fact]
    public void Follow_up_round_trip_between_subscriber_and_publisher()
    {
        NanPublisher publisher = Publisher(new NanPublishConfig(Service) { Unsolicited = false });
        NanSubscriber subscriber = Subscriber(new NanSubscribeConfig(Service));
        publisher.Start();
        subscriber.Start();
        NanDiscoveryResult peer = Assert.Single(subscriber.Results);

        Assert.Equal(NanFollowUpError.None, subscriber.Transmit(peer.PeerAddress, peer.PeerInstanceId, new byte[] { 0x68, 0x69 }));
        NanEvent received = _publisherEvents.Last();
        Assert.Equal("NAN-RECEIVE id=3 peer_instance_id=5 address=02:00:00:00:00:0b ssi=6869", received.ToString());

        Assert.Equal(NanFollowUpError.None, publisher.Transmit(received.PeerAddress!, received.PeerInstanceId, new byte[255]));
        NanEvent answer = _subscriberEvents.Last();
        Assert.Equal(NanEvents.Receive, answer.Name);
        Assert.Equal(3, answer.PeerInstanceId);
        Assert.Equal(255, answer.ServiceInfo!.Length);
    }

    [Fact]
    public void Follow_ups_that_cannot_be_sent_are_refused_with_a_reason()
    {
        NanPublisher publisher = Publisher(new NanPublishConfig(Service) { Unsolicited = false });
        Assert.Equal(NanFollowUpError.Terminated, publisher.Transmit(_phoneRadio.Address, 5, new byte[1]));
        publisher.Start();
        int sent = _medium.Sent.Count;

        Assert.Equal(NanFollowUpError.MessageTooLong, publisher.Transmit(_phoneRadio.Address, 5, new byte[256]));
        Assert.Equal(NanFollowUpError.BadAddress, publisher.Transmit(NanAddress.Broadcast, 5, new byte[1]));
        Assert.Equal(NanFollowUpError.BadAddress, publisher.Transmit(new byte[3], 5, new byte[1]));
        Assert.Equal(NanFollowUpError.BadPeerInstanceId, publisher.Transmit(_phoneRadio.Address, 0, new byte[1]));
        Assert.Equal(sent, _medium.Sent.Count);
    }

    [Fact]
    public void Follow_up_for_another_instance_is_not_delivered()
    {
        NanPublisher publisher = Publisher(new NanPublishConfig(Service) { Unsolicited = false });
        NanSubscriber subscriber = Subscriber(new NanSubscribeConfig(Service));
        publisher.Start();
        subscriber.Start();
        _publisherEvents.Clear();

        subscriber.Transmit(_accessoryRadio.Address, 4, new byte[] { 1 });
        Assert.Empty(_publisherEvents);
    }

    [Fact]
    public void Publish_ttl_expiry_terminates_once_and_stops_transmitting()
    {
        NanPublisher publisher = Publisher(new NanPublishConfig(Service) { PeriodMilliseconds = 1000, TtlSeconds = 3 });
        publisher.Start();

        _clock.Advance(2999);
        Assert.False(publisher.Terminated);
        Assert.Empty(_publisherEvents);

        _clock.Advance(1);
        Assert.True(publisher.Terminated);
        Assert.Equal("NAN-PUBLISH-TERMINATED publish_id=3 reason=timeout", Assert.Single(_publisherEvents).ToString());
        Assert.Equal(3, _medium.CountSent(_accessoryRadio.Address, NanServiceControlType.Publish));

        // Cancelling after expiry raises nothing more; an active subscriber now goes unanswered.
        publisher.Cancel();
        Subscriber(new NanSubscribeConfig(Service)).Start();
        _clock.Advance(10_000);
        Assert.Single(_publisherEvents);
        Assert.Equal(3, _medium.CountSent(_accessoryRadio.Address, NanServiceControlType.Publish));
        Assert.Empty(_subscriberEvents);

        // Only the subscriber's repeating timer is left.
        Assert.Equal(1, _clock.PendingCount);
    }

    [Fact]
    public void Subscribe_ttl_and_cancel_raise_subscribe_terminated()
    {
        NanSubscriber timed = Subscriber(new NanSubscribeConfig(Service) { TtlSeconds = 2 });
        timed.Start();
        _clock.Advance(2000);
        Assert.Equal("NAN-SUBSCRIBE-TERMINATED subscribe_id=5 reason=timeout", Assert.Single(_subscriberEvents).ToString());

        var other = new NanSubscriber(_phoneRadio, _clock, Crypto, 6, new NanSubscribeConfig(Service));
        var events = new List<NanEvent>();
        other.Notified += events.Add;
        other.Start();
        other.Cancel();
        other.Cancel();
        Assert.Equal("NAN-SUBSCRIBE-TERMINATED subscribe_id=6 reason=user-request", Assert.Single(events).ToString());
        Assert.Equal(0, _clock.PendingCount);
    }

    [Fact]
    public void Publish_with_ttl_zero_runs_until_cancelled()
    {
        NanPublisher publisher = Publisher(new NanPublishConfig(Service) { PeriodMilliseconds = 60_000 });
        publisher.Start();
        _clock.Advance(24L * 3600 * 1000);
        Assert.False(publisher.Terminated);
        publisher.Cancel();
        Assert.Equal("NAN-PUBLISH-TERMINATED publish_id=3 reason=user-request", Assert.Single(_publisherEvents).ToString());
    }

    [Fact]
    public void A_cancelled_publish_cannot_restart()
    {
        NanPublisher publisher = Publisher(new NanPublishConfig(Service));
        publisher.Cancel();
        Assert.Throws<InvalidOperationException>(publisher.Start);
        Assert.Empty(_medium.Sent);
    }

    [Fact]
    public void Invalid_configurations_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Publisher(new NanPublishConfig(Service) { Solicited = false, Unsolicited = false }));
        Assert.Throws<ArgumentException>(() => Publisher(new NanPublishConfig(Service) { PeriodMilliseconds = 0 }));
        Assert.Throws<ArgumentException>(() => Publisher(new NanPublishConfig(Service) { TtlSeconds = -1 }));
        Assert.Throws<ArgumentException>(() => Publisher(new NanPublishConfig(Service) { ServiceInfo = new byte[256] }));
        Assert.Throws<ArgumentException>(() => Subscriber(new NanSubscribeConfig(Service) { MatchingFilter = new byte[256] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NanPublisher(_accessoryRadio, _clock, Crypto, 0, new NanPublishConfig(Service)));
    }

    [Fact]
    public void Garbage_on_the_air_is_ignored()
    {
        NanPublisher publisher = Publisher(new NanPublishConfig(Service) { Unsolicited = false });
        publisher.Start();
        _phoneRadio.Send(NanAddress.Broadcast, new byte[] { 0x50, 0x6F, 0x9A, 0x13, 0x03, 0xFF });
        _phoneRadio.Send(_accessoryRadio.Address, new byte[] { 1, 2, 3 });
        Assert.Empty(_publisherEvents);
    }

    private NanPublisher Publisher(NanPublishConfig config)
    {
        var publisher = new NanPublisher(_accessoryRadio, _clock, Crypto, 3, config);
        publisher.Notified += _publisherEvents.Add;
        return publisher;
    }

    private NanSubscriber Subscriber(NanSubscribeConfig config)
    {
        var subscriber = new NanSubscriber(_phoneRadio, _clock, Crypto, 5, config);
        subscriber.Notified += _subscriberEvents.Add;
        return subscriber;
    }
}
