using System;

namespace Accessory.Core.Nan;

/// <summary>What a publisher offers and how it advertises; checked by <see cref="Validate"/> before use.</summary>
public sealed class NanPublishConfig
{
    public NanPublishConfig(NanServiceName serviceName)
    {
        ServiceName = serviceName ?? throw new ArgumentNullException(nameof(serviceName));
    }

    public NanServiceName ServiceName { get; }

    /// <summary>Answer active subscribers (a unicast publish to each matching subscribe).</summary>
    public bool Solicited { get; set; } = true;

    /// <summary>Broadcast a publish every <see cref="PeriodMilliseconds"/>.</summary>
    public bool Unsolicited { get; set; } = true;

    public int PeriodMilliseconds { get; set; } = 1000;

    /// <summary>Lifetime in seconds; 0 publishes until cancelled.</summary>
    public int TtlSeconds { get; set; }

    public byte[]? ServiceInfo { get; set; }

    public byte[]? MatchingFilter { get; set; }

    public void Validate()
    {
        if (!Solicited && !Unsolicited)
        {
            throw new ArgumentException("a publish must be solicited, unsolicited or both");
        }

        if (Unsolicited && PeriodMilliseconds <= 0)
        {
            throw new ArgumentException("an unsolicited publish needs a positive period");
        }

        NanConfigChecks.CheckTtl(TtlSeconds);
        NanConfigChecks.CheckField(ServiceInfo, "service info");
        NanConfigChecks.CheckField(MatchingFilter, "matching filter");
    }
}
