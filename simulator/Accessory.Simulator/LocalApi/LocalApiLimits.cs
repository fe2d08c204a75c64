namespace Accessory.Simulator.LocalApi;

/// <summary>
/// How much of the process one LAN client can hold. An ESP32 serves a handful of sockets; the simulator is more
/// generous but still bounded, so idle connections and event streams cannot exhaust file descriptors or memory. The
/// idle limits are the core's (Accessory.Core.LocalApi.LocalApiLimits), the same on the board.
/// Documented in docs/local-api.md and docs/security.md.
/// </summary>
public static class LocalApiLimits
{
    /// <summary>Connections served at once (HTTPS and plain HTTP together, WebSockets included).</summary>
    public const int MaxConnections = 64;

    /// <summary>Event-stream WebSockets open at once; one more gets 503 with Retry-After.</summary>
    public const int MaxWebSockets = 32;

    /// <summary>
    /// An event stream on which the client sent nothing (no ping, pong or message) for this long is closed: clients
    /// keep it open by pinging (browsers and ClientWebSocket answer nothing by themselves; send a ping every minute).
    /// </summary>
    public static readonly TimeSpan WebSocketIdle = TimeSpan.FromMilliseconds(Accessory.Core.LocalApi.LocalApiLimits.WebSocketIdleMilliseconds);

    /// <summary>A kept-alive HTTP connection with no new request for this long is closed.</summary>
    public static readonly TimeSpan KeepAliveIdle = TimeSpan.FromMilliseconds(Accessory.Core.LocalApi.LocalApiLimits.KeepAliveIdleMilliseconds);

    /// <summary>After a failed accept (EMFILE, ENFILE, ENOBUFS...) the listener waits this long before accepting again.</summary>
    public static readonly TimeSpan AcceptBackoff = TimeSpan.FromMilliseconds(100);
}
