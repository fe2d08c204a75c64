using Microsoft.Extensions.Logging;

namespace Accessory.Simulator.Cli;

/// <summary>One console logger setup for every command: single-line, timestamped, to stderr.</summary>
internal static class Logging
{
    public static ILoggerFactory Create(LogLevel minimum) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(minimum)
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        })
        .AddFilter("Microsoft", LogLevel.Warning));
}
