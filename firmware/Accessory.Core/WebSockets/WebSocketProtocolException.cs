using System;

namespace Accessory.Core.WebSockets;

/// <summary>The peer broke RFC 6455; the connection ends with a close frame carrying <see cref="CloseCode"/>.</summary>
public sealed class WebSocketProtocolException : Exception
{
    public WebSocketProtocolException(int closeCode, string message)
        : base(message)
    {
        CloseCode = closeCode;
    }

    /// <summary>1002 (protocol error), 1007 (invalid payload) or 1009 (message too big).</summary>
    public int CloseCode { get; }
}
