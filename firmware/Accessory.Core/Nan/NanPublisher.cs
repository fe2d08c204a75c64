using System;
using Accessory.Core.Ports;

namespace Accessory.Core.Nan;

/// <summary>
/// One publish instance: broadcasts unsolicited publishes every period, answers matching active subscribes with a
/// unicast publish (NAN-REPLIED), delivers follow-ups addressed to it (NAN-RECEIVE) and ends on TTL or cancel
/// (NAN-PUBLISH-TERMINATED). Pure: time comes from <see cref="IClock"/>, frames from <see cref="INanRadio"/>.
/// </summary>
public sealed class NanPublisher : NanServiceInstance
{
    private readonly NanPublishConfig _config;

    public NanPublisher(INanRadio radio, IClock clock, ICryptoProvider crypto, byte instanceId, NanPublishConfig config)
        : base(radio, clock, crypto, instanceId, Checked(config).ServiceName, config.Unsolicited ? config.PeriodMilliseconds : 0, config.TtlSeconds, NanEvents.PublishTerminated)
    {
        _config = config;
    }

    protected override void SendPeriodic() =>
        Session.Send(NanAddress.Broadcast, NanServiceControlType.Publish, 0, _config.MatchingFilter, _config.ServiceInfo);

    protected override void Handle(byte[] source, NanServiceDescriptor descriptor)
    {
        if (descriptor.Type == NanServiceControlType.Subscribe && _config.Solicited && NanMatchingFilter.Compatible(_config.MatchingFilter, descriptor.MatchingFilter))
        {
            Session.Send(source, NanServiceControlType.Publish, descriptor.InstanceId, _config.MatchingFilter, _config.ServiceInfo);
            Raise(new NanEvent(NanEvents.Replied, InstanceId, descriptor.InstanceId, source, descriptor.ServiceInfo, null));
        }
    }

    private static NanPublishConfig Checked(NanPublishConfig config)
    {
        if (config == null)
        {
            throw new ArgumentNullException(nameof(config));
        }

        config.Validate();
        return config;
    }
}
