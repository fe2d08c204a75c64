namespace Accessory.Simulator.Yaml;

/// <summary>A YAML file that cannot be used; the message names the file and the line, as an editor would jump to it.</summary>
public abstract class YamlFileException : Exception
{
    protected YamlFileException()
    {
        SourceName = string.Empty;
    }

    protected YamlFileException(string message)
        : base(message)
    {
        SourceName = string.Empty;
    }

    protected YamlFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        SourceName = string.Empty;
    }

    protected YamlFileException(string sourceName, int line, string problem, Exception? innerException)
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
