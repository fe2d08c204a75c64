using System;
using Accessory.Core.Ports;

namespace Accessory.Core.Nan;

/// <summary>
/// What a publish and a subscribe instance share: the session (service id, instance id, period and TTL timers),
/// start and cancel, follow-ups both ways (NAN-RECEIVE), the terminated event, and frame intake: only well-formed
/// descriptors for this service from a valid address reach <see cref="Handle"/>, under the instance's lock.
/// </summary>
public abstract class NanServiceInstance
{
    private readonly INanRadio _radio;
    private readonly NanSession _session;
    private readonly string _terminatedEvent;

    protected NanServiceInstance(INanRadio radio, IClock clock, ICryptoProvider crypto, byte instanceId, NanServiceName serviceName, int periodMilliseconds, int ttlSeconds, string terminatedEvent)
    {
        _radio = radio ?? throw new ArgumentNullException(nameof(radio));
        NanConfigChecks.CheckInstanceId(instanceId);
        _terminatedEvent = terminatedEvent;
        _session = new NanSession(radio, clock, NanServiceId.Compute(serviceName, crypto), instanceId, periodMilliseconds, ttlSeconds, OnPeriod, OnTtl);
    }

    public event NanNotificationHandler? Notified;

    public byte InstanceId => _session.InstanceId;

    public NanServiceId ServiceId => _session.ServiceId;

    public bool Terminated
    {
        get
        {
            lock (Gate)
            {
                return _session.Terminated;
            }
        }
    }

    /// <summary>Held while a frame is handled or a periodic frame is sent; derived state is guarded by it too.</summary>
    protected object Gate { get; } = new object();

    internal NanSession Session => _session;

    public void Start()
    {
        lock (Gate)
        {
            // Listen before the first transmission, whose answers may arrive at once.
            _session.CheckCanStart();
            _radio.FrameReceived += OnFrame;
            _session.Start();
        }
    }

    public void Cancel() => Terminate(NanEvents.ReasonUserRequest);

    /// <summary>Sends a follow-up to a peer (its address and its instance id).</summary>
    public NanFollowUpError Transmit(byte[] peerAddress, byte peerInstanceId, byte[] message)
    {
        lock (Gate)
        {
            return _session.SendFollowUp(peerAddress, peerInstanceId, message);
        }
    }

    /// <summary>The frame sent every period (unsolicited publish, active subscribe); called under <see cref="Gate"/>.</summary>
    protected abstract void SendPeriodic();

    /// <summary>A descriptor for this service that is not a follow-up to us; called under <see cref="Gate"/>.</summary>
    protected abstract void Handle(byte[] source, NanServiceDescriptor descriptor);

    protected void Raise(NanEvent e) => Notified?.Invoke(e);

    private void OnPeriod()
    {
        lock (Gate)
        {
            SendPeriodic();
        }
    }

    private void OnTtl() => Terminate(NanEvents.ReasonTimeout);

    private void Terminate(string reason)
    {
        lock (Gate)
        {
            if (!_session.Terminate())
            {
                return;
            }

            _radio.FrameReceived -= OnFrame;
            Raise(new NanEvent(_terminatedEvent, InstanceId, 0, null, null, reason));
        }
    }

    private void OnFrame(byte[] source, byte[] payload)
    {
        if (!NanAddress.IsValid(source))
        {
            return;
        }

        NanSdfDecodeResult frame = NanSdfCodec.Decode(payload);
        lock (Gate)
        {
            for (int i = 0; i < frame.Descriptors.Length; i++)
            {
                NanServiceDescriptor d = frame.Descriptors[i];
                if (!_session.IsForUs(d) || d.InstanceId == 0)
                {
                    continue;
                }

                if (d.Type == NanServiceControlType.FollowUp)
                {
                    if (d.RequestorInstanceId == InstanceId)
                    {
                        Raise(new NanEvent(NanEvents.Receive, InstanceId, d.InstanceId, source, d.ServiceInfo, null));
                    }

                    continue;
                }

                Handle(source, d);
            }
        }
    }
}
