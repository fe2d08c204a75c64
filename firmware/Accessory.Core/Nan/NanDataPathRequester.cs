using System;

namespace Accessory.Core.Nan;

/// <summary>
/// The subscriber's side of a data path: sends requests to discovered publishers and turns their answers into
/// NAN-DATA-PATH-CONFIRMED (service info = the encoded accept; decode it with <see cref="NanDataPathCodec"/>) or
/// NAN-DATA-PATH-REJECTED (reason set).
/// </summary>
public sealed class NanDataPathRequester
{
    private readonly NanSubscriber _subscriber;

    public NanDataPathRequester(NanSubscriber subscriber)
    {
        _subscriber = subscriber ?? throw new ArgumentNullException(nameof(subscriber));
        _subscriber.Notified += OnSubscriberEvent;
    }

    public event NanNotificationHandler? Notified;

    public NanFollowUpError Request(byte[] peerAddress, byte peerInstanceId, byte protocol, int port) =>
        _subscriber.Transmit(peerAddress, peerInstanceId, NanDataPathCodec.Encode(NanDataPathMessage.Request(protocol, port)));

    public void Detach() => _subscriber.Notified -= OnSubscriberEvent;

    private void OnSubscriberEvent(NanEvent e)
    {
        if (e.Name != NanEvents.Receive)
        {
            return;
        }

        NanDataPathMessage? answer = NanDataPathCodec.Decode(e.ServiceInfo);
        if (answer == null || answer.Type == NanDataPathMessageType.Request)
        {
            return;
        }

        bool accepted = answer.Type == NanDataPathMessageType.Accept;
        Notified?.Invoke(new NanEvent(
            accepted ? NanEvents.DataPathConfirmed : NanEvents.DataPathRejected,
            e.LocalInstanceId,
            e.PeerInstanceId,
            e.PeerAddress,
            e.ServiceInfo,
            answer.Reason));
    }
}
