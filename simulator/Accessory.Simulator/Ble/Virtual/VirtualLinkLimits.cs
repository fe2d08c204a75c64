namespace Accessory.Simulator.Ble.Virtual;

/// <summary>How much the virtual link accepts; the defaults are the documented ones, tests shrink them.</summary>
public sealed record VirtualLinkLimits
{
    public int MaxConnections { get; init; } = 8;

    /// <summary>A connection with no frame for this long is closed, so an abandoned client cannot hold a slot.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Frames waiting for a slow reader; further notifications are dropped (and logged).</summary>
    public int OutboundQueue { get; init; } = 256;

    /// <summary>How long a closing connection may take to send what was queued before the close.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(1);
}
