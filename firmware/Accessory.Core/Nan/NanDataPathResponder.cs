using System;

namespace Accessory.Core.Nan;

/// <summary>
/// The publisher's side of a data path: every request follow-up is put to the consent callback and answered with
/// its accept or reject, raising NAN-DATA-PATH-CONFIRMED or NAN-DATA-PATH-REJECTED. Other follow-ups pass by.
/// </summary>
public sealed class NanDataPathResponder
{
    public const string ReasonNoConsent = "no-consent";

    private readonly NanPublisher _publisher;
    private readonly NanDataPathConsent _consent;

    public NanDataPathResponder(NanPublisher publisher, NanDataPathConsent consent)
    {
        _publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));
        _consent = consent ?? throw new ArgumentNullException(nameof(consent));
        _publisher.Notified += OnPublisherEvent;
    }

    public event NanNotificationHandler? Notified;

    public void Detach() => _publisher.Notified -= OnPublisherEvent;

    private void OnPublisherEvent(NanEvent e)
    {
        if (e.Name != NanEvents.Receive || e.PeerAddress == null)
        {
            return;
        }

        NanDataPathMessage? request = NanDataPathCodec.Decode(e.ServiceInfo);
        if (request == null || request.Type != NanDataPathMessageType.Request)
        {
            return;
        }

        NanDataPathMessage? answer = _consent(e.PeerAddress, request);
        if (answer == null || answer.Type == NanDataPathMessageType.Request)
        {
            answer = NanDataPathMessage.Reject(ReasonNoConsent);
        }

        byte[] encoded = NanDataPathCodec.Encode(answer);
        _publisher.Transmit(e.PeerAddress, e.PeerInstanceId, encoded);
        bool accepted = answer.Type == NanDataPathMessageType.Accept;
        Notified?.Invoke(new NanEvent(
            accepted ? NanEvents.DataPathConfirmed : NanEvents.DataPathRejected,
            e.LocalInstanceId,
            e.PeerInstanceId,
            e.PeerAddress,
            encoded,
            answer.Reason));
    }
}
