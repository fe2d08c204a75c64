using Microsoft.Extensions.Logging;

namespace Accessory.Simulator.Events;

/// <summary>
/// Copies every log line that passes the factory's filters into the event stream as kind "log", so the dashboard's
/// timeline shows the same lines as the console. The component is the category without its "Accessory." prefix.
/// </summary>
[ProviderAlias("EventHub")]
public sealed class EventHubLoggerProvider : ILoggerProvider
{
    private readonly DeviceEventHub _hub;

    public EventHubLoggerProvider(DeviceEventHub hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        _hub = hub;
    }

    public ILogger CreateLogger(string categoryName) => new HubLogger(_hub, Component(categoryName));

    public void Dispose()
    {
    }

    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => "none",
    };

    private static string Component(string category)
    {
        const string Prefix = "Accessory.";
        string name = category.StartsWith(Prefix, StringComparison.Ordinal) ? category[Prefix.Length..] : category;
        int dot = name.LastIndexOf('.');
        return (dot >= 0 && name.StartsWith("Simulator", StringComparison.Ordinal) ? name[(dot + 1)..] : name).ToLowerInvariant();
    }

    private sealed class HubLogger(DeviceEventHub hub, string component) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            string message = formatter(state, exception);
            if (exception != null)
            {
                message += ": " + exception.Message;
            }

            hub.Publish("log", LevelName(logLevel), component, message);
        }
    }
}
