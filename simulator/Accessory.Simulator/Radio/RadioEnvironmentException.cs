namespace Accessory.Simulator.Radio;

/// <summary>An environment file that cannot be used; the message names the file and the line.</summary>
public sealed class RadioEnvironmentException : Exception
{
    public RadioEnvironmentException()
    {
        SourceName = string.Empty;
    }

    public RadioEnvironmentException(string message)
        : base(message)
    {
        SourceName = string.Empty;
    }

    public RadioEnvironmentException(string message, Exception innerException)
        : base(message, innerException)
    {
        SourceName = string.Empty;
    }

    public RadioEnvironmentException(string sourceName, int line, string problem, Exception? innerException = null)
        : base($"{sourceName}:{line}: {problem}", innerException)
    {
        SourceName = sourceName;
        Line = line;
        Problem = problem;
    }

    public string SourceName { get; }

    /// <summary>1-based line of the offending value; 0 when the problem is not tied to a line.</summary>
    public int Line { get; }

    public string Problem { get; } = string.Empty;
}
