using System.Net;
using Accessory.Core.Provisioning;
using Microsoft.Extensions.Logging;

namespace Accessory.Simulator.Http;

/// <summary>The server's log lines. Endpoints, outcomes and reasons only: bodies may carry secrets.</summary>
internal static partial class HttpLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "provisioning HTTP server listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, EndPoint endPoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "provisioning HTTP server stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "socket {Socket} from {Remote} accepted")]
    public static partial void Accepted(ILogger logger, int socket, EndPoint? remote);

    [LoggerMessage(Level = LogLevel.Debug, Message = "socket {Socket} purged (least recently used; at most {Max} open)")]
    public static partial void Purged(ILogger logger, int socket, int max);

    [LoggerMessage(Level = LogLevel.Debug, Message = "socket {Socket} closed: {Reason}")]
    public static partial void Closed(ILogger logger, int socket, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "socket {Socket} refused with {Status}: {Reason} ({Suppressed} more refusals in the previous 10 s not logged)")]
    public static partial void Refused(ILogger logger, int socket, int status, string reason, int suppressed);
}
