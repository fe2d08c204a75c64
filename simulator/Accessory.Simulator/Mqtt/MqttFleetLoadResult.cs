namespace Accessory.Simulator.Mqtt;

/// <summary>Figures from one <see cref="MqttFleetLoad"/> run; rates are per second of wall-clock time.</summary>
public sealed class MqttFleetLoadResult
{
    public int Clients { get; init; }

    public int Connected { get; init; }

    public double ConnectSeconds { get; init; }

    public double ConnectsPerSecond => ConnectSeconds > 0 ? Connected / ConnectSeconds : 0;

    /// <summary>Managed heap growth per connected client (GC.GetTotalMemory after a full collection).</summary>
    public long ManagedBytesPerClient { get; init; }

    /// <summary>Process working-set growth per connected client (includes sockets' native buffers and thread stacks).</summary>
    public long WorkingSetBytesPerClient { get; init; }

    public int PublishesRequested { get; init; }

    public int PublishesAcked { get; init; }

    public int PublishesFailed { get; init; }

    public double PublishSeconds { get; init; }

    public double AckedPublishesPerSecond => PublishSeconds > 0 ? PublishesAcked / PublishSeconds : 0;

    public bool TimedOut { get; init; }

    /// <summary>
    /// Each link whose first connect failed, counted by the reason it gave (the exception or the broker's refusal),
    /// so a lost connect says whether it timed out, was refused or reset.
    /// </summary>
    public IReadOnlyDictionary<string, int> ConnectFailures { get; init; } = new Dictionary<string, int>();

    /// <summary>Links with no connect outcome at all when the time limit ended.</summary>
    public int ConnectsUnsettled { get; init; }
}
