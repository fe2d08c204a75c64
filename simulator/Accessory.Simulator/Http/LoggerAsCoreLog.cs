using Accessory.Simulator.Platform;
using Microsoft.Extensions.Logging;
using CoreLogLevel = Accessory.Core.Ports.LogLevel;

namespace Accessory.Simulator.Http;

/// <summary>
/// The core's log lines (from the shared HTTP session rules) into the one logger a server was given, under that
/// server's category (<see cref="LoggerLog"/> instead makes one category per core component).
/// </summary>
internal sealed class LoggerAsCoreLog : Accessory.Core.Ports.ILog
{
    private readonly ILogger _logger;

    public LoggerAsCoreLog(ILogger logger)
    {
        _logger = logger;
    }

    public bool IsEnabled(CoreLogLevel level) => _logger.IsEnabled(LoggerLog.Map(level));

    public void Write(CoreLogLevel level, string component, string message)
    {
#pragma warning disable CA1848, CA1873, CA2254 // the core hands over finished text; there is no template to cache
        _logger.Log(LoggerLog.Map(level), "{Message}", message);
#pragma warning restore CA1848, CA1873, CA2254
    }
}
