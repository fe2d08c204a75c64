namespace Accessory.Simulator.Faults;

/// <summary>How a fault parameter's text value is read.</summary>
public enum FaultParameterType
{
    /// <summary>A whole number ("int" in the catalogue).</summary>
    Number,
    Bool,
    Enum,
    /// <summary>Free text ("string" in the catalogue).</summary>
    Text,
    Duration,
}
