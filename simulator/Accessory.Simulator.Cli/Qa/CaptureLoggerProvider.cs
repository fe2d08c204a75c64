using Microsoft.Extensions.Logging;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>Collects the device's log lines with their time, so the report can show each step's lines.</summary>
internal sealed class CaptureLoggerProvider(Action<TimedLine> sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, sink);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, Action<TimedLine> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            string level = logLevel switch
            {
                LogLevel.Information => "info",
                LogLevel.Warning => "warn",
                LogLevel.Error => "error",
                _ => logLevel.ToString().ToLowerInvariant(),
            };
            sink(new TimedLine(DateTimeOffset.UtcNow, "log", $"{level} {category}: {formatter(state, exception)}"));
        }
    }
}
