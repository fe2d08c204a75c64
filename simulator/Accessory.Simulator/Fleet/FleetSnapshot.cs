namespace Accessory.Simulator.Fleet;

/// <summary>The fleet at one moment, summed over its devices.</summary>
public sealed record FleetSnapshot
{
    public int Devices { get; init; }

    public int Started { get; init; }

    public int Connected { get; init; }

    /// <summary>Devices connected at least once since start.</summary>
    public int EverConnected { get; init; }

    /// <summary>Started devices that have never connected and have had at least one failed attempt.</summary>
    public int Failing { get; init; }

    public long ConnectFailures { get; init; }

    public long Reconnects { get; init; }

    public long TelemetrySent { get; init; }

    public long Acknowledged { get; init; }

    public long Dropped { get; init; }

    public int Queued { get; init; }

    public long Commands { get; init; }

    public long WifiLosses { get; init; }

    public long BrokerCuts { get; init; }

    /// <summary>Milliseconds from a device's start to its first connection: median, 99th percentile and maximum.</summary>
    public long FirstConnectP50 { get; init; } = -1;

    public long FirstConnectP99 { get; init; } = -1;

    public long FirstConnectMax { get; init; } = -1;

    /// <summary>Devices of provisioning groups still waiting for a phone's credentials (not expected to connect).</summary>
    public int Unprovisioned { get; init; }
}
