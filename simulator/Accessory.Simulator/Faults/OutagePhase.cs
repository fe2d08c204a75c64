namespace Accessory.Simulator.Faults;

/// <summary>Where a timed fault is in its life.</summary>
public enum OutagePhase
{
    /// <summary>Set, but its delay has not passed yet.</summary>
    Pending,

    /// <summary>The outage is happening.</summary>
    Active,

    /// <summary>Its duration has passed; the service has recovered.</summary>
    Over,
}
