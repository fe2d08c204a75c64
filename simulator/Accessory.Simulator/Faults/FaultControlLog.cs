using System.Net;
using Microsoft.Extensions.Logging;

namespace Accessory.Simulator.Faults;

/// <summary>The control API's log lines.</summary>
internal static partial class FaultControlLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "fault control API listening on http://{EndPoint}/faults")]
    public static partial void Listening(ILogger logger, EndPoint endPoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path}: {Status}")]
    public static partial void Request(ILogger logger, string method, string path, int status);

    // The dashboard's own page loads and event streams would drown the timeline at Information.
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path}: {Status}")]
    public static partial void RouteRequest(ILogger logger, string method, string path, int status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "control connection closed: {Reason}")]
    public static partial void Closed(ILogger logger, string reason);
}
