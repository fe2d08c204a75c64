using Microsoft.Extensions.Logging;

namespace Accessory.Simulator.Cli;

/// <summary>
/// One console logger setup for every command: single-line, timestamped, on stderr, so stdout carries only what
/// the command prints for people and scripts (device summary, QR payload).
/// </summary>
internal static class Logging
{
    public static ILoggerFactory Create(LogLevel minimum) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(minimum)
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        })
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddFilter("Microsoft", LogLevel.Warning));
}
