using System;
using System.Collections;
using Accessory.Core.Ports;

namespace Accessory.Core.Nan;

/// <summary>
/// One subscribe instance: active ones broadcast a subscribe every period, passive ones only listen. Each matching
/// publisher is reported once per (address, publish instance id) as NAN-DISCOVERY-RESULT; follow-ups addressed to
/// it raise NAN-RECEIVE; TTL or cancel end it with NAN-SUBSCRIBE-TERMINATED.
/// </summary>
public sealed class NanSubscriber
{
    private readonly object _gate = new object();
    private readonly INanRadio _radio;
    private readonly NanSubscribeConfig _config;
    private readonly NanSession _session;
    private readonly ArrayList _results = new ArrayList();

    public NanSubscriber(INanRadio radio, IClock clock, ICryptoProvider crypto, byte instanceId, NanSubscribeConfig config)
    {
        _radio = radio ?? throw new ArgumentNullException(nameof(radio));
        _config = config ?? throw new ArgumentNullException(nameof(config));
        config.Validate();
        NanConfigChecks.CheckInstanceId(instanceId);
        NanServiceId serviceId = NanServiceId.Compute(config.ServiceName, crypto);
        _session = new NanSession(radio, clock, serviceId, instanceId, config.Active ? config.PeriodMilliseconds : 0, config.TtlSeconds, SendSubscribe, OnTtl);
    }

    public event NanNotificationHandler? Notified;

    public byte InstanceId => _session.InstanceId;

    public NanServiceId ServiceId => _session.ServiceId;

    public bool Terminated
    {
        get
        {
            lock (_gate)
            {
                return _session.Terminated;
            }
        }
    }

    /// <summary>The publishers found so far, in discovery order.</summary>
    public NanDiscoveryResult[] Results
    {
        get
        {
            lock (_gate)
            {
                var copy = new NanDiscoveryResult[_results.Count];
                for (int i = 0; i < copy.Length; i++)
                {
                    copy[i] = (NanDiscoveryResult)_results[i]!;
                }

                return copy;
            }
        }
    }

    public void Start()
    {
        lock (_gate)
        {
            // Listen before the first transmission, whose answers may arrive at once.
            _session.CheckCanStart();
            _radio.FrameReceived += OnFrame;
            _session.Start();
        }
    }

    public void Cancel() => Terminate(NanEvents.ReasonUserRequest);

    /// <summary>Sends a follow-up to a discovered publisher (its address and publish instance id).</summary>
    public NanFollowUpError Transmit(byte[] peerAddress, byte peerInstanceId, byte[] message)
    {
        lock (_gate)
        {
            return _session.SendFollowUp(peerAddress, peerInstanceId, message);
        }
    }

    private void SendSubscribe()
    {
        lock (_gate)
        {
            _session.Send(NanAddress.Broadcast, NanServiceControlType.Subscribe, 0, _config.MatchingFilter, _config.ServiceInfo);
        }
    }

    private void OnTtl() => Terminate(NanEvents.ReasonTimeout);

    private void Terminate(string reason)
    {
        lock (_gate)
        {
            if (!_session.Terminate())
            {
                return;
            }

            _radio.FrameReceived -= OnFrame;
            Raise(new NanEvent(NanEvents.SubscribeTerminated, InstanceId, 0, null, null, reason));
        }
    }

    private void OnFrame(byte[] source, byte[] payload)
    {
        if (!NanAddress.IsValid(source))
        {
            return;
        }

        NanSdfDecodeResult frame = NanSdfCodec.Decode(payload);
        lock (_gate)
        {
            for (int i = 0; i < frame.Descriptors.Length; i++)
            {
                NanServiceDescriptor d = frame.Descriptors[i];
                if (!_session.IsForUs(d) || d.InstanceId == 0)
                {
                    continue;
                }

                // A publish answering someone else's subscribe (requestor set, not us) is not ours to report.
                bool addressedToUs = d.RequestorInstanceId == 0 || d.RequestorInstanceId == InstanceId;
                if (d.Type == NanServiceControlType.Publish && addressedToUs && NanMatchingFilter.Compatible(_config.MatchingFilter, d.MatchingFilter))
                {
                    OnPublish(source, d);
                }
                else if (d.Type == NanServiceControlType.FollowUp && d.RequestorInstanceId == InstanceId)
                {
                    Raise(new NanEvent(NanEvents.Receive, InstanceId, d.InstanceId, source, d.ServiceInfo, null));
                }
            }
        }
    }

    private void OnPublish(byte[] source, NanServiceDescriptor d)
    {
        for (int i = 0; i < _results.Count; i++)
        {
            var known = (NanDiscoveryResult)_results[i]!;
            if (known.PeerInstanceId == d.InstanceId && NanAddress.SameAs(known.PeerAddress, source))
            {
                return;
            }
        }

        var address = new byte[NanAddress.Length];
        Array.Copy(source, address, NanAddress.Length);
        _results.Add(new NanDiscoveryResult(address, d.InstanceId, d.ServiceInfo));
        Raise(new NanEvent(NanEvents.DiscoveryResult, InstanceId, d.InstanceId, address, d.ServiceInfo, null));
    }

    private void Raise(NanEvent e) => Notified?.Invoke(e);
}
