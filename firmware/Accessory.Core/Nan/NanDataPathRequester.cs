using System;
using System.Collections;
using Accessory.Core.Ports;

namespace Accessory.Core.Nan;

/// <summary>
/// The subscriber's side of a data path: sends requests to discovered publishers and turns their answers into
/// NAN-DATA-PATH-CONFIRMED (service info = the encoded accept; decode it with <see cref="NanDataPathCodec"/>) or
/// NAN-DATA-PATH-REJECTED (reason set). Follow-ups are not acknowledged on the air, so a request with no answer is
/// sent again every <see cref="RetryMilliseconds"/>; after <see cref="Sends"/> sends it ends as rejected with
/// reason <see cref="ReasonTimeout"/>. Only the first answer to a pending request is reported.
/// </summary>
public sealed class NanDataPathRequester
{
    public const string ReasonTimeout = NanEvents.ReasonTimeout;

    private readonly NanSubscriber _subscriber;
    private readonly IClock _clock;
    private readonly ArrayList _pending = new ArrayList();
    private readonly object _gate = new object();

    public NanDataPathRequester(NanSubscriber subscriber, IClock clock)
    {
        _subscriber = subscriber ?? throw new ArgumentNullException(nameof(subscriber));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _subscriber.Notified += OnSubscriberEvent;
    }

    public event NanNotificationHandler? Notified;

    /// <summary>Wait between sends of an unanswered request.</summary>
    public int RetryMilliseconds { get; set; } = 500;

    /// <summary>Sends of one request before it times out (at least 1).</summary>
    public int Sends { get; set; } = 5;

    /// <summary>
    /// Sends a request and keeps resending it until answered. An error from the first send (bad address, too long,
    /// subscribe ended) is returned and nothing is retried. A new request to a peer replaces a pending one.
    /// </summary>
    public NanFollowUpError Request(byte[] peerAddress, byte peerInstanceId, byte protocol, int port)
    {
        if (peerAddress == null)
        {
            return NanFollowUpError.BadAddress;
        }

        byte[] request = NanDataPathCodec.Encode(NanDataPathMessage.Request(protocol, port));
        var attempt = new NanDataPathAttempt(Copy(peerAddress), peerInstanceId, request, Sends < 1 ? 0 : Sends - 1);

        // Pending before it is sent: on a fast medium the answer can arrive before Transmit returns.
        lock (_gate)
        {
            Take(peerAddress, peerInstanceId);
            _pending.Add(attempt);
        }

        NanFollowUpError sent = _subscriber.Transmit(peerAddress, peerInstanceId, request);
        lock (_gate)
        {
            if (sent != NanFollowUpError.None)
            {
                _pending.Remove(attempt);
            }
            else if (_pending.IndexOf(attempt) >= 0)
            {
                Arm(attempt);
            }
        }

        return sent;
    }

    /// <summary>Stops listening and drops every pending request without an event.</summary>
    public void Detach()
    {
        _subscriber.Notified -= OnSubscriberEvent;
        lock (_gate)
        {
            for (int i = 0; i < _pending.Count; i++)
            {
                ((NanDataPathAttempt)_pending[i]!).Timer?.Cancel();
            }

            _pending.Clear();
        }
    }

    private static byte[] Copy(byte[] bytes)
    {
        var copy = new byte[bytes.Length];
        Array.Copy(bytes, copy, bytes.Length);
        return copy;
    }

    // Called under _gate. The timer only decides here; the resend happens outside the lock, since a send takes the
    // subscriber's lock, which the receive path holds while it takes ours.
    private void Arm(NanDataPathAttempt attempt) =>
        attempt.Timer = _clock.Schedule(RetryMilliseconds, () => OnRetryDue(attempt));

    private void OnRetryDue(NanDataPathAttempt attempt)
    {
        bool resend;
        lock (_gate)
        {
            if (_pending.IndexOf(attempt) < 0)
            {
                return;
            }

            resend = attempt.SendsLeft > 0;
            if (resend)
            {
                attempt.SendsLeft--;
                Arm(attempt);
            }
            else
            {
                _pending.Remove(attempt);
            }
        }

        if (!resend)
        {
            Notified?.Invoke(new NanEvent(NanEvents.DataPathRejected, _subscriber.InstanceId, attempt.PeerInstanceId, attempt.PeerAddress, null, ReasonTimeout));
            return;
        }

        if (_subscriber.Transmit(attempt.PeerAddress, attempt.PeerInstanceId, attempt.Request) == NanFollowUpError.Terminated)
        {
            lock (_gate)
            {
                attempt.Timer?.Cancel();
                _pending.Remove(attempt);
            }
        }
    }

    // Removes and returns the pending request to this peer, its timer stopped; null when there is none.
    private NanDataPathAttempt? Take(byte[]? address, byte instanceId)
    {
        for (int i = 0; i < _pending.Count; i++)
        {
            var attempt = (NanDataPathAttempt)_pending[i]!;
            if (attempt.Matches(address, instanceId))
            {
                attempt.Timer?.Cancel();
                _pending.RemoveAt(i);
                return attempt;
            }
        }

        return null;
    }

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

        lock (_gate)
        {
            if (Take(e.PeerAddress, e.PeerInstanceId) == null)
            {
                return;
            }
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
