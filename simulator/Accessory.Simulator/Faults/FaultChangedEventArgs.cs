namespace Accessory.Simulator.Faults;

/// <summary>A fault was set, replaced, counted down or cleared.</summary>
public sealed class FaultChangedEventArgs : EventArgs
{
    public FaultChangedEventArgs(string name, FaultSpec? spec, DateTimeOffset at)
    {
        Name = name;
        Spec = spec;
        At = at;
    }

    public string Name { get; }

    /// <summary>The fault as it is now; null when it was cleared.</summary>
    public FaultSpec? Spec { get; }

    public DateTimeOffset At { get; }
}
