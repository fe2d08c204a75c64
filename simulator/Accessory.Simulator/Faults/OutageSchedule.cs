namespace Accessory.Simulator.Faults;

/// <summary>
/// The timing of timed faults (server.outage, wifi.ap-lost, mqtt.broker-outage) as pure functions of the times,
/// so consumers and tests agree on it without sleeping.
/// </summary>
public static class OutageSchedule
{
    /// <summary>When the outage starts: the set time plus `delay` (0 for faults without one).</summary>
    public static DateTimeOffset StartsAt(FaultSpec spec, DateTimeOffset setAt)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return setAt + (spec.Definition.Find("delay") != null ? spec.GetDuration("delay") : TimeSpan.Zero);
    }

    /// <summary>When the service is back by itself.</summary>
    public static DateTimeOffset EndsAt(FaultSpec spec, DateTimeOffset setAt) => StartsAt(spec, setAt) + spec.GetDuration("duration");

    /// <exception cref="ArgumentException">The fault has no `duration` parameter, so it is not timed.</exception>
    public static OutagePhase PhaseAt(FaultSpec spec, DateTimeOffset setAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Definition.Find("duration") is not { Type: FaultParameterType.Duration })
        {
            throw new ArgumentException($"fault '{spec.Name}' is not timed (it has no duration)", nameof(spec));
        }

        return now < StartsAt(spec, setAt) ? OutagePhase.Pending
            : now < EndsAt(spec, setAt) ? OutagePhase.Active
            : OutagePhase.Over;
    }

    public static OutagePhase PhaseAt(ActiveFault fault, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return PhaseAt(fault.Spec, fault.SetAt, now);
    }
}
