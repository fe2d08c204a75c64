using Accessory.Core.Ports;
using Microsoft.Extensions.Logging;
using CoreLogLevel = Accessory.Core.Ports.LogLevel;
using MelLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Accessory.Simulator.Fleet;

/// <summary>
/// A Microsoft.Extensions.Logging logger writing into a fleet device's core log, so the provisioning HTTP server's
/// lines carry the device id and obey the fleet's level and rate limit like the device's own.
/// </summary>
internal sealed class CoreLogAsLogger(ILog log, string component) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(MelLogLevel logLevel) => logLevel != MelLogLevel.None && log.IsEnabled(Map(logLevel));

    public void Log<TState>(MelLogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            log.Write(Map(logLevel), component, formatter(state, exception));
        }
    }

    private static CoreLogLevel Map(MelLogLevel level) => level switch
    {
        MelLogLevel.Trace => CoreLogLevel.Trace,
        MelLogLevel.Debug => CoreLogLevel.Debug,
        MelLogLevel.Information => CoreLogLevel.Information,
        MelLogLevel.Warning => CoreLogLevel.Warning,
        _ => CoreLogLevel.Error,
    };
}
