namespace Accessory.Core.WebSockets;

/// <summary>The RFC 6455 close status codes this server sends or accepts (section 7.4).</summary>
public static class WebSocketCloseCode
{
    public const int Normal = 1000;
    public const int GoingAway = 1001;
    public const int ProtocolError = 1002;
    public const int UnsupportedData = 1003;
    public const int NoStatus = 1005;
    public const int InvalidPayload = 1007;
    public const int PolicyViolation = 1008;
    public const int MessageTooBig = 1009;
    public const int InternalError = 1011;

    /// <summary>
    /// Whether a peer may send <paramref name="code"/> in a close frame: 1000-1003, 1007-1011, and the registered
    /// (3000-3999) and private (4000-4999) ranges. 1004-1006 and 1015 are reserved and never go on the wire.
    /// </summary>
    public static bool IsValidOnWire(int code) =>
        (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
}
