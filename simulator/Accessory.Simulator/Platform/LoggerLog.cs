using Accessory.Core.Ports;
using Microsoft.Extensions.Logging;
using CoreLogLevel = Accessory.Core.Ports.LogLevel;
using MelLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Accessory.Simulator.Platform;

/// <summary>Sends the core's log lines to Microsoft.Extensions.Logging, one category per core component.</summary>
public sealed class LoggerLog : ILog
{
    private readonly ILoggerFactory _factory;
    private readonly string _prefix;

    public LoggerLog(ILoggerFactory factory, string prefix = "Accessory")
    {
        _factory = factory;
        _prefix = prefix;
    }

    public bool IsEnabled(CoreLogLevel level) => _factory.CreateLogger(_prefix).IsEnabled(Map(level));

    public void Write(CoreLogLevel level, string component, string message)
    {
        // Every fault hook announces itself with a "fault NAME: ..." line; counted whatever the log level.
        Accessory.Simulator.Metrics.SimulatorMetrics.ObserveLogLine(message);
        var logger = _factory.CreateLogger(_prefix + "." + component);
        var mapped = Map(level);
        if (!logger.IsEnabled(mapped))
        {
            return;
        }

#pragma warning disable CA1848, CA1873, CA2254 // the core hands over finished text; there is no template to cache
        logger.Log(mapped, "{Message}", message);
#pragma warning restore CA1848, CA1873, CA2254
    }

    /// <summary>The core's level as a Microsoft.Extensions.Logging level (shared with the HTTP server's adapter).</summary>
    internal static MelLogLevel Map(CoreLogLevel level) => level switch
    {
        CoreLogLevel.Trace => MelLogLevel.Trace,
        CoreLogLevel.Debug => MelLogLevel.Debug,
        CoreLogLevel.Information => MelLogLevel.Information,
        CoreLogLevel.Warning => MelLogLevel.Warning,
        _ => MelLogLevel.Error,
    };
}
