using Accessory.Simulator.Yaml;

namespace Accessory.Simulator.Radio;

/// <summary>An environment file that cannot be used; the message names the file and the line.</summary>
public sealed class RadioEnvironmentException : YamlFileException
{
    public RadioEnvironmentException()
    {
    }

    public RadioEnvironmentException(string message)
        : base(message)
    {
    }

    public RadioEnvironmentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RadioEnvironmentException(string sourceName, int line, string problem, Exception? innerException = null)
        : base(sourceName, line, problem, innerException)
    {
    }
}
