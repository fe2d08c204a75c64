namespace Accessory.Core.Cloud;

/// <summary>Tunables of the <see cref="CloudLink"/>; the defaults suit a device on a home network.</summary>
public sealed class CloudLinkSettings
{
    public int QueueCapacity { get; set; } = 64;

    public int ReconnectBaseMilliseconds { get; set; } = 1000;

    public int ReconnectCapMilliseconds { get; set; } = 60000;

    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>Period of automatic telemetry; 0 means only on <see cref="CloudLink.PublishTelemetry"/>.</summary>
    public int TelemetryIntervalMilliseconds { get; set; }
}
