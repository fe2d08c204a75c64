using Accessory.Simulator.Yaml;

namespace Accessory.Simulator.Faults;

/// <summary>A scenario file that cannot be used; the message names the file and the line.</summary>
public sealed class FaultScenarioException : YamlFileException
{
    public FaultScenarioException()
    {
    }

    public FaultScenarioException(string message)
        : base(message)
    {
    }

    public FaultScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FaultScenarioException(string sourceName, int line, string problem, Exception? innerException = null)
        : base(sourceName, line, problem, innerException)
    {
    }
}
