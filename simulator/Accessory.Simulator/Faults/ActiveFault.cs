namespace Accessory.Simulator.Faults;

/// <summary>An active fault and when it was set, which timed faults measure their delay and duration from.</summary>
public sealed record ActiveFault(FaultSpec Spec, DateTimeOffset SetAt);
