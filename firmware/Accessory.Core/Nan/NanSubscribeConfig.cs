using System;

namespace Accessory.Core.Nan;

/// <summary>What a subscriber looks for and whether it asks (active) or only listens (passive).</summary>
public sealed class NanSubscribeConfig
{
    public NanSubscribeConfig(NanServiceName serviceName)
    {
        ServiceName = serviceName ?? throw new ArgumentNullException(nameof(serviceName));
    }

    public NanServiceName ServiceName { get; }

    /// <summary>Active: broadcast a subscribe every <see cref="PeriodMilliseconds"/>; passive: only hear publishes.</summary>
    public bool Active { get; set; } = true;

    public int PeriodMilliseconds { get; set; } = 1000;

    /// <summary>Lifetime in seconds; 0 subscribes until cancelled.</summary>
    public int TtlSeconds { get; set; }

    public byte[]? ServiceInfo { get; set; }

    public byte[]? MatchingFilter { get; set; }

    public void Validate()
    {
        if (Active && PeriodMilliseconds <= 0)
        {
            throw new ArgumentException("an active subscribe needs a positive period");
        }

        NanConfigChecks.CheckTtl(TtlSeconds);
        NanConfigChecks.CheckField(ServiceInfo, "service info");
        NanConfigChecks.CheckField(MatchingFilter, "matching filter");
    }
}
