namespace Accessory.Simulator.Faults;

/// <summary>A fault spec that cannot be used; the message says what was wrong and what is allowed.</summary>
public sealed class FaultSpecException : Exception
{
    public FaultSpecException()
    {
    }

    public FaultSpecException(string message)
        : base(message)
    {
    }

    public FaultSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FaultSpecException(string message, string? fault, string? parameter)
        : base(message)
    {
        Fault = fault;
        Parameter = parameter;
    }

    /// <summary>The fault the problem is in, when the name was known.</summary>
    public string? Fault { get; }

    /// <summary>The parameter at fault, so a scenario file can point at its line.</summary>
    public string? Parameter { get; }
}
