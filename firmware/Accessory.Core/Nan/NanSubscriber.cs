using System;
using System.Collections;
using Accessory.Core.Ports;

namespace Accessory.Core.Nan;

/// <summary>
/// One subscribe instance: active ones broadcast a subscribe every period, passive ones only listen. Each matching
/// publisher is reported once per (address, publish instance id) as NAN-DISCOVERY-RESULT; follow-ups addressed to
/// it raise NAN-RECEIVE; TTL or cancel end it with NAN-SUBSCRIBE-TERMINATED.
/// </summary>
public sealed class NanSubscriber : NanServiceInstance
{
    private readonly NanSubscribeConfig _config;
    private readonly ArrayList _results = new ArrayList();

    public NanSubscriber(INanRadio radio, IClock clock, ICryptoProvider crypto, byte instanceId, NanSubscribeConfig config)
        : base(radio, clock, crypto, instanceId, Checked(config).ServiceName, config.Active ? config.PeriodMilliseconds : 0, config.TtlSeconds, NanEvents.SubscribeTerminated)
    {
        _config = config;
    }

    /// <summary>The publishers found so far, in discovery order.</summary>
    public NanDiscoveryResult[] Results
    {
        get
        {
            lock (Gate)
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

    protected override void SendPeriodic() =>
        Session.Send(NanAddress.Broadcast, NanServiceControlType.Subscribe, 0, _config.MatchingFilter, _config.ServiceInfo);

    protected override void Handle(byte[] source, NanServiceDescriptor descriptor)
    {
        // A publish answering someone else's subscribe (requestor set, not us) is not ours to report.
        bool addressedToUs = descriptor.RequestorInstanceId == 0 || descriptor.RequestorInstanceId == InstanceId;
        if (descriptor.Type == NanServiceControlType.Publish && addressedToUs && NanMatchingFilter.Compatible(_config.MatchingFilter, descriptor.MatchingFilter))
        {
            OnPublish(source, descriptor);
        }
    }

    private static NanSubscribeConfig Checked(NanSubscribeConfig config)
    {
        if (config == null)
        {
            throw new ArgumentNullException(nameof(config));
        }

        config.Validate();
        return config;
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
}
