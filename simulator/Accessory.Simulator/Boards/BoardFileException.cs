using Accessory.Simulator.Yaml;

namespace Accessory.Simulator.Boards;

/// <summary>A board file that cannot be used, with the file and line of the problem.</summary>
public sealed class BoardFileException : YamlFileException
{
    public BoardFileException()
    {
    }

    public BoardFileException(string message)
        : base(message)
    {
    }

    public BoardFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BoardFileException(string sourceName, int line, string problem, Exception? innerException)
        : base(sourceName, line, problem, innerException)
    {
    }
}
