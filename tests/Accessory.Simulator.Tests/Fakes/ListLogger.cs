using Microsoft.Extensions.Logging;

namespace Accessory.Simulator.Tests.Fakes;

/// <summary>Keeps every formatted log line, so tests can check what reaches the logs (and what must not).</summary>
public sealed class ListLogger : ILogger
{
    private readonly List<string> _lines = [];

    public string[] Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (_lines)
        {
            _lines.Add(logLevel + " " + formatter(state, exception));
        }
    }
}
