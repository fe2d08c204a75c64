using Accessory.Simulator.Yaml;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>A scenario file that cannot run; the message is `file:line: problem`, found before any device starts.</summary>
public sealed class ScenarioFileException : YamlFileException
{
    public ScenarioFileException()
    {
    }

    public ScenarioFileException(string message)
        : base(message)
    {
    }

    public ScenarioFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScenarioFileException(string sourceName, int line, string problem, Exception? innerException = null)
        : base(sourceName, line, problem, innerException)
    {
    }
}
