using System;
using Accessory.Core.Ports;

namespace Accessory.Core.Nan;

/// <summary>
/// One publish instance: broadcasts unsolicited publishes every period, answers matching active subscribes with a
/// unicast publish (NAN-REPLIED), delivers follow-ups addressed to it (NAN-RECEIVE) and ends on TTL or cancel
/// (NAN-PUBLISH-TERMINATED). Pure: time comes from <see cref="IClock"/>, frames from <see cref="INanRadio"/>.
/// </summary>
public sealed class NanPublisher
{
    private readonly object _gate = new object();
    private readonly INanRadio _radio;
    private readonly NanPublishConfig _config;
    private readonly NanSession _session;

    public NanPublisher(INanRadio radio, IClock clock, ICryptoProvider crypto, byte instanceId, NanPublishConfig config)
    {
        _radio = radio ?? throw new ArgumentNullException(nameof(radio));
        _config = config ?? throw new ArgumentNullException(nameof(config));
        config.Validate();
        NanConfigChecks.CheckInstanceId(instanceId);
        NanServiceId serviceId = NanServiceId.Compute(config.ServiceName, crypto);
        _session = new NanSession(radio, clock, serviceId, instanceId, config.Unsolicited ? config.PeriodMilliseconds : 0, config.TtlSeconds, SendUnsolicited, OnTtl);
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

    /// <summary>Sends a follow-up to a subscriber (its address and subscribe instance id).</summary>
    public NanFollowUpError Transmit(byte[] peerAddress, byte peerInstanceId, byte[] message)
    {
        lock (_gate)
        {
            return _session.SendFollowUp(peerAddress, peerInstanceId, message);
        }
    }

    private void SendUnsolicited()
    {
        lock (_gate)
        {
            _session.Send(NanAddress.Broadcast, NanServiceControlType.Publish, 0, _config.MatchingFilter, _config.ServiceInfo);
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
            Raise(new NanEvent(NanEvents.PublishTerminated, InstanceId, 0, null, null, reason));
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

                if (d.Type == NanServiceControlType.Subscribe && _config.Solicited && NanMatchingFilter.Compatible(_config.MatchingFilter, d.MatchingFilter))
                {
                    _session.Send(source, NanServiceControlType.Publish, d.InstanceId, _config.MatchingFilter, _config.ServiceInfo);
                    Raise(new NanEvent(NanEvents.Replied, InstanceId, d.InstanceId, source, d.ServiceInfo, null));
                }
                else if (d.Type == NanServiceControlType.FollowUp && d.RequestorInstanceId == InstanceId)
                {
                    Raise(new NanEvent(NanEvents.Receive, InstanceId, d.InstanceId, source, d.ServiceInfo, null));
                }
            }
        }
    }

    private void Raise(NanEvent e) => Notified?.Invoke(e);
}
