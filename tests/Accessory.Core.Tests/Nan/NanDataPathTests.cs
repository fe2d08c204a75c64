using Accessory.Core.Nan;
using Accessory.Simulator.Crypto;

namespace Accessory.Core.Tests.Nan;

public class NanDataPathTests
{
    private static readonly DotNetCryptoProvider Crypto = new();
    private static readonly NanServiceName Service = NanServiceName.FromApple("accessory", NanServiceProtocol.Tcp);
    private static readonly byte[] LinkLocal = { 0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0A };

    private readonly InMemoryNanMedium _medium = new();
    private readonly ManualClock _clock = new();
    private readonly List<NanEvent> _responderEvents = new();
    private readonly List<NanEvent> _requesterEvents = new();
    private readonly NanPublisher _publisher;
    private readonly NanSubscriber _subscriber;
    private readonly NanDataPathRequester _requester;
    private NanDataPathMessage? _seenRequest;

    public NanDataPathTests()
    {
        _publisher = new NanPublisher(_medium.Attach(0x0A), _clock, Crypto, 3, new NanPublishConfig(Service) { Unsolicited = false });
        _subscriber = new NanSubscriber(_medium.Attach(0x0B), _clock, Crypto, 5, new NanSubscribeConfig(Service));
        _requester = new NanDataPathRequester(_subscriber, _clock);
        _requester.Notified += _requesterEvents.Add;
    }

    [Fact]
    public void Accepted_request_confirms_on_both_sides_with_the_publishers_address_and_port()
    {
        Respond((peer, request) =>
        {
            _seenRequest = request;
            return NanDataPathMessage.Accept(NanDataPathMessage.ProtocolTcp, 8443, LinkLocal);
        });
        NanDiscoveryResult found = Discover();

        Assert.Equal(NanFollowUpError.None, _requester.Request(found.PeerAddress, found.PeerInstanceId, NanDataPathMessage.ProtocolTcp, 443));

        Assert.Equal(443, _seenRequest!.Port);
        Assert.Equal(NanEvents.DataPathConfirmed, Assert.Single(_responderEvents).Name);
        NanEvent confirmed = Assert.Single(_requesterEvents);
        Assert.Equal(NanEvents.DataPathConfirmed, confirmed.Name);
        Assert.Equal(3, confirmed.PeerInstanceId);
        NanDataPathMessage accept = NanDataPathCodec.Decode(confirmed.ServiceInfo)!;
        Assert.Equal(NanDataPathMessageType.Accept, accept.Type);
        Assert.Equal(8443, accept.Port);
        Assert.Equal(LinkLocal, accept.Address);
    }

    [Fact]
    public void Rejected_request_reports_the_reason_and_a_null_consent_rejects()
    {
        Respond((peer, request) => NanDataPathMessage.Reject("busy"));
        NanDiscoveryResult found = Discover();
        _requester.Request(found.PeerAddress, found.PeerInstanceId, NanDataPathMessage.ProtocolTcp, 0);

        NanEvent rejected = Assert.Single(_requesterEvents);
        Assert.Equal("NAN-DATA-PATH-REJECTED id=5 peer_instance_id=3 address=02:00:00:00:00:0a reason=busy", rejected.ToString());
        Assert.Equal("busy", Assert.Single(_responderEvents).Reason);
    }

    [Fact]
    public void Null_consent_rejects_and_plain_follow_ups_are_ignored()
    {
        Respond((peer, request) => null);
        NanDiscoveryResult found = Discover();
        _subscriber.Transmit(found.PeerAddress, found.PeerInstanceId, new byte[] { 1, 2, 3 });
        Assert.Empty(_responderEvents);

        _requester.Request(found.PeerAddress, found.PeerInstanceId, NanDataPathMessage.ProtocolTcp, 0);
        Assert.Equal(NanDataPathResponder.ReasonNoConsent, Assert.Single(_requesterEvents).Reason);
    }

    [Fact]
    public void A_lost_request_is_sent_again_and_then_answered()
    {
        Respond((peer, request) => NanDataPathMessage.Accept(NanDataPathMessage.ProtocolTcp, 8443, LinkLocal));
        NanDiscoveryResult found = Discover();
        int requests = 0;
        _medium.Lose = (source, frame) => IsRequest(frame) && ++requests == 1;

        _requester.Request(found.PeerAddress, found.PeerInstanceId, NanDataPathMessage.ProtocolTcp, 0);
        Assert.Empty(_requesterEvents);
        _clock.Advance(_requester.RetryMilliseconds);

        Assert.Equal(2, requests);
        Assert.Equal(NanEvents.DataPathConfirmed, Assert.Single(_requesterEvents).Name);
        Assert.Single(_responderEvents);
    }

    [Fact]
    public void A_request_never_answered_ends_rejected_with_timeout_after_all_its_sends()
    {
        Respond((peer, request) => NanDataPathMessage.Accept(NanDataPathMessage.ProtocolTcp, 8443, LinkLocal));
        NanDiscoveryResult found = Discover();
        _medium.Lose = (source, frame) => IsRequest(frame);
        _requester.Sends = 3;

        _requester.Request(found.PeerAddress, found.PeerInstanceId, NanDataPathMessage.ProtocolTcp, 0);
        _clock.Advance(_requester.RetryMilliseconds * 2);
        Assert.Empty(_requesterEvents);
        _clock.Advance(_requester.RetryMilliseconds);

        Assert.Equal(3, _medium.Sent.Count(s => IsRequest(s.Frame)));
        NanEvent timedOut = Assert.Single(_requesterEvents);
        Assert.Equal("NAN-DATA-PATH-REJECTED id=5 peer_instance_id=3 address=02:00:00:00:00:0a reason=timeout", timedOut.ToString());
        _clock.Advance(_requester.RetryMilliseconds * 10);
        Assert.Single(_requesterEvents);
        Assert.Equal(3, _medium.Sent.Count(s => IsRequest(s.Frame)));
    }

    [Fact]
    public void When_an_answer_is_lost_the_resend_gets_one_and_only_one_is_reported()
    {
        Respond((peer, request) => NanDataPathMessage.Accept(NanDataPathMessage.ProtocolTcp, 8443, LinkLocal));
        NanDiscoveryResult found = Discover();
        int answers = 0;
        _medium.Lose = (source, frame) => IsAnswer(frame) && ++answers == 1;

        _requester.Request(found.PeerAddress, found.PeerInstanceId, NanDataPathMessage.ProtocolTcp, 0);
        _clock.Advance(_requester.RetryMilliseconds * 10);

        Assert.Equal(2, _responderEvents.Count);
        Assert.Equal(NanEvents.DataPathConfirmed, Assert.Single(_requesterEvents).Name);
    }

    [Fact]
    public void An_answer_nobody_asked_for_is_not_reported()
    {
        Respond((peer, request) => null);
        NanDiscoveryResult found = Discover();
        _requester.Request(found.PeerAddress, found.PeerInstanceId, NanDataPathMessage.ProtocolTcp, 0);
        Assert.Single(_requesterEvents);

        _publisher.Transmit(_medium.Sent.First(s => IsRequest(s.Frame)).Source, 5, NanDataPathCodec.Encode(NanDataPathMessage.Reject("again")));

        Assert.Single(_requesterEvents);
    }

    [Theory]
    [InlineData(new byte[] { 0xDA, 1, 1, 6, 0x01, 0xBB }, NanDataPathMessageType.Request)]
    [InlineData(new byte[] { 0xDA, 1, 3, 2, (byte)'n', (byte)'o' }, NanDataPathMessageType.Reject)]
    public void Wire_format_is_as_documented(byte[] wire, NanDataPathMessageType type)
    {
        NanDataPathMessage m = NanDataPathCodec.Decode(wire)!;
        Assert.Equal(type, m.Type);
        Assert.Equal(wire, NanDataPathCodec.Encode(m));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xDA, 1, 1, 6, 0x01 })]
    [InlineData(new byte[] { 0xDA, 2, 1, 6, 0x01, 0xBB })]
    [InlineData(new byte[] { 0xDA, 1, 4, 6, 0x01, 0xBB })]
    [InlineData(new byte[] { 0xDA, 1, 3, 0 })]
    [InlineData(new byte[] { 0xDA, 1, 3, 1, 0x07 })]
    [InlineData(new byte[] { 0xDA, 1, 3, 2, (byte)'n' })]
    public void Malformed_messages_decode_to_null(byte[] wire) => Assert.Null(NanDataPathCodec.Decode(wire));

    [Fact]
    public void Fuzzed_messages_never_throw_and_what_decodes_round_trips()
    {
        var random = new Random(20261130);
        byte[][] seeds =
        {
            NanDataPathCodec.Encode(NanDataPathMessage.Request(6, 443)),
            NanDataPathCodec.Encode(NanDataPathMessage.Accept(6, 8443, LinkLocal)),
            NanDataPathCodec.Encode(NanDataPathMessage.Reject("pairing-failed")),
        };
        int decoded = 0;
        for (int i = 0; i < 50_000; i++)
        {
            byte[] input;
            if (i % 3 == 0)
            {
                input = new byte[random.Next(0, 40)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])seeds[random.Next(seeds.Length)].Clone();
                int flips = random.Next(1, 3);
                for (int f = 0; f < flips && input.Length > 0; f++)
                {
                    input[random.Next(input.Length)] = (byte)random.Next(256);
                }

                if (random.Next(4) == 0)
                {
                    Array.Resize(ref input, random.Next(0, input.Length + 3));
                }
            }

            NanDataPathMessage? m = NanDataPathCodec.Decode(input);
            if (m != null)
            {
                decoded++;
                Assert.Equal(input, NanDataPathCodec.Encode(m));
            }
        }

        Assert.True(decoded > 0);
    }

    private void Respond(NanDataPathConsent consent)
    {
        var responder = new NanDataPathResponder(_publisher, consent);
        responder.Notified += _responderEvents.Add;
        _publisher.Start();
        _subscriber.Start();
    }

    private static bool IsRequest(NanSdfDecodeResult frame) => IsDataPath(frame, NanDataPathMessageType.Request);

    private static bool IsAnswer(NanSdfDecodeResult frame) => IsDataPath(frame, NanDataPathMessageType.Accept) || IsDataPath(frame, NanDataPathMessageType.Reject);

    private static bool IsDataPath(NanSdfDecodeResult frame, NanDataPathMessageType type) =>
        frame.Descriptors.Any(d => d.Type == NanServiceControlType.FollowUp && NanDataPathCodec.Decode(d.ServiceInfo)?.Type == type);

    private NanDiscoveryResult Discover() => Assert.Single(_subscriber.Results);
}
