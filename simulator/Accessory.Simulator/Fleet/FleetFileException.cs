using Accessory.Simulator.Yaml;

namespace Accessory.Simulator.Fleet;

/// <summary>A fleet file that cannot be used; the message names the file and the line.</summary>
public sealed class FleetFileException : YamlFileException
{
    public FleetFileException()
    {
    }

    public FleetFileException(string message)
        : base(message)
    {
    }

    public FleetFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FleetFileException(string sourceName, int line, string problem, Exception? innerException = null)
        : base(sourceName, line, problem, innerException)
    {
    }
}
