using Accessory.Core.Ports;

namespace Accessory.TestKit;

/// <summary>An <see cref="ILog"/> that keeps every line, so tests can check what was (and was not) logged.</summary>
public sealed class RecordingLog : ILog
{
    private readonly object _gate = new();
    private readonly List<string> _lines = new();

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return _lines.ToArray();
            }
        }
    }

    public bool IsEnabled(LogLevel level) => true;

    public void Write(LogLevel level, string component, string message)
    {
        lock (_gate)
        {
            _lines.Add(level + " " + component + ": " + message);
        }
    }
}
