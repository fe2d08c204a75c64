using System;
using Accessory.Core.Ports;

namespace Accessory.Core.Nan;

/// <summary>
/// What a publish and a subscribe share: their identity on air, the repeating transmission, the TTL and
/// follow-up messages. Callers hold their own lock around every call.
/// </summary>
internal sealed class NanSession
{
    private readonly INanRadio _radio;
    private readonly IClock _clock;
    private readonly int _periodMilliseconds;
    private readonly int _ttlSeconds;
    private readonly ScheduledCallback _onPeriod;
    private readonly ScheduledCallback _onTtl;
    private IScheduledWork? _periodTimer;
    private IScheduledWork? _ttlTimer;

    public NanSession(INanRadio radio, IClock clock, NanServiceId serviceId, byte instanceId, int periodMilliseconds, int ttlSeconds, ScheduledCallback onPeriod, ScheduledCallback onTtl)
    {
        _radio = radio ?? throw new ArgumentNullException(nameof(radio));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        ServiceId = serviceId;
        InstanceId = instanceId;
        _periodMilliseconds = periodMilliseconds;
        _ttlSeconds = ttlSeconds;
        _onPeriod = onPeriod;
        _onTtl = onTtl;
    }

    public NanServiceId ServiceId { get; }

    public byte InstanceId { get; }

    public bool Started { get; private set; }

    public bool Terminated { get; private set; }

    /// <summary>Starts the TTL and, with a period (> 0), transmits now and every period after.</summary>
    public void Start()
    {
        CheckCanStart();

        Started = true;
        if (_ttlSeconds > 0)
        {
            _ttlTimer = _clock.Schedule(_ttlSeconds * 1000, _onTtl);
        }

        if (_periodMilliseconds > 0)
        {
            Tick();
        }
    }

    /// <summary>Throws unless <see cref="Start"/> may run: a session starts once and never after termination.</summary>
    public void CheckCanStart()
    {
        if (Started || Terminated)
        {
            throw new InvalidOperationException(Terminated ? "a terminated session cannot restart; create a new one" : "already started");
        }
    }

    /// <summary>Stops the timers; true only the first time, so a termination event is raised once.</summary>
    public bool Terminate()
    {
        if (Terminated)
        {
            return false;
        }

        Terminated = true;
        _periodTimer?.Cancel();
        _ttlTimer?.Cancel();
        return true;
    }

    /// <summary>True for a descriptor of this service the model should look at.</summary>
    public bool IsForUs(NanServiceDescriptor descriptor) => Started && !Terminated && ServiceId.Matches(descriptor.ServiceId);

    public void Send(byte[] destination, NanServiceControlType type, byte requestorInstanceId, byte[]? matchingFilter, byte[]? serviceInfo)
    {
        var descriptor = new NanServiceDescriptor(ServiceId, InstanceId, requestorInstanceId, type, matchingFilter, null, serviceInfo);
        _radio.Send(destination, NanSdfCodec.Encode(descriptor));
    }

    public NanFollowUpError SendFollowUp(byte[] peerAddress, byte peerInstanceId, byte[] message)
    {
        if (message == null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        if (!Started || Terminated)
        {
            return NanFollowUpError.Terminated;
        }

        if (!NanAddress.IsValid(peerAddress) || NanAddress.IsBroadcast(peerAddress))
        {
            return NanFollowUpError.BadAddress;
        }

        if (peerInstanceId == 0)
        {
            return NanFollowUpError.BadPeerInstanceId;
        }

        if (message.Length > NanServiceDescriptor.MaxFieldLength)
        {
            return NanFollowUpError.MessageTooLong;
        }

        Send(peerAddress, NanServiceControlType.FollowUp, peerInstanceId, null, message);
        return NanFollowUpError.None;
    }

    private void Tick()
    {
        if (Terminated)
        {
            return;
        }

        _onPeriod();
        _periodTimer = _clock.Schedule(_periodMilliseconds, Tick);
    }
}
