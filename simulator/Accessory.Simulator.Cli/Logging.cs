using Accessory.Simulator.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Accessory.Simulator.Cli;

/// <summary>
/// One console logger setup for every command: single-line, timestamped, on stderr, so stdout carries only what
/// the command prints for people and scripts (device summary, QR payload).
/// </summary>
internal static class Logging
{
    public static ILoggerFactory Create(LogLevel minimum) => Create(minimum, LogFormat.Text, null);

    /// <param name="events">When given, every log line that passes the level also goes to this event stream.</param>
    public static ILoggerFactory Create(LogLevel minimum, LogFormat format, DeviceEventHub? events) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(minimum).AddFilter("Microsoft", LogLevel.Warning);
        if (format == LogFormat.Json)
        {
            builder.AddConsole(o =>
            {
                o.FormatterName = JsonLineFormatter.FormatterName;
                o.LogToStandardErrorThreshold = LogLevel.Trace;
            }).AddConsoleFormatter<JsonLineFormatter, ConsoleFormatterOptions>();
        }
        else
        {
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            }).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        if (events != null)
        {
            builder.AddProvider(new EventHubLoggerProvider(events));
        }
    });
}

/// <summary>How `run` writes its log lines: text for people, json (one object per line) for log collectors.</summary>
internal enum LogFormat
{
    Text,
    Json,
}
