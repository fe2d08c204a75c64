namespace Accessory.Simulator.Faults;

/// <summary>A scenario file that cannot be used; the message names the file and the line.</summary>
public sealed class FaultScenarioException : Exception
{
    public FaultScenarioException()
    {
        SourceName = string.Empty;
    }

    public FaultScenarioException(string message)
        : base(message)
    {
        SourceName = string.Empty;
    }

    public FaultScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
        SourceName = string.Empty;
    }

    public FaultScenarioException(string sourceName, int line, string problem, Exception? innerException = null)
        : base($"{sourceName}:{line}: {problem}", innerException)
    {
        SourceName = sourceName;
        Line = line;
        Problem = problem;
    }

    public string SourceName { get; }

    /// <summary>1-based line of the offending node.</summary>
    public int Line { get; }

    public string Problem { get; } = string.Empty;
}
