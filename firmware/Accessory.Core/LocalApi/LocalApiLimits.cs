namespace Accessory.Core.LocalApi;

/// <summary>
/// The local API's protocol limits, the same on both bodies (docs/local-api.md, docs/security.md). How many
/// connections a body serves at once is its own (an ESP32 has a handful of sockets, the simulator more): each
/// passes its cap for event streams to <see cref="LocalApiHttpService"/>.
/// </summary>
public static class LocalApiLimits
{
    /// <summary>
    /// An event stream on which the client sent nothing (no ping, pong or message) for this long is closed: clients
    /// keep it open by pinging (browsers and ClientWebSocket answer nothing by themselves; send a ping every minute).
    /// </summary>
    public const int WebSocketIdleMilliseconds = 3 * 60 * 1000;

    /// <summary>A kept-alive HTTP connection with no new request for this long is closed.</summary>
    public const int KeepAliveIdleMilliseconds = 30 * 1000;

    /// <summary>The largest message a client may send on the event stream (it reads none; pings need far less).</summary>
    public const int MaxClientMessageBytes = 4096;

    /// <summary>Wrong access tokens one client address may present within <see cref="FailureWindowMilliseconds"/>.</summary>
    public const int MaxTokenFailures = 10;

    /// <summary>Past <see cref="MaxTokenFailures"/>, the address gets 429 until this long after its first failure.</summary>
    public const int FailureWindowMilliseconds = 60 * 1000;

    /// <summary>Seconds a client is told to wait (Retry-After) when a cap is reached.</summary>
    public const int BusyRetryAfterSeconds = 5;
}
