using Accessory.Core.Ports;

namespace Accessory.Firmware.Tests;

/// <summary>Keeps the transport's warnings and errors so a test can show them when it fails.</summary>
internal sealed class RecordingLog : ILog
{
    private readonly List<string> _lines = new();

    public bool IsEnabled(LogLevel level) => level >= LogLevel.Warning;

    public void Write(LogLevel level, string component, string message)
    {
        lock (_lines)
        {
            _lines.Add($"{level} {component}: {message}");
        }
    }

    public override string ToString()
    {
        lock (_lines)
        {
            return string.Join("; ", _lines);
        }
    }
}
