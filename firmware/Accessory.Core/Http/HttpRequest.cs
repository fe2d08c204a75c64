namespace Accessory.Core.Http;

/// <summary>One parsed HTTP/1.1 request: what the provisioning and local API handlers need, nothing more.</summary>
public sealed class HttpRequest
{
    public HttpRequest(string method, string path, string? cookie, bool keepAlive, string? upgrade, string? webSocketKey, byte[] body)
    {
        Method = method;
        Path = path;
        Cookie = cookie;
        KeepAlive = keepAlive;
        Upgrade = upgrade;
        WebSocketKey = webSocketKey;
        Body = body;
    }

    public string Method { get; }

    /// <summary>The request target without the query string.</summary>
    public string Path { get; }

    public string? Cookie { get; }

    /// <summary>HTTP/1.1 keeps the connection unless the client sent "Connection: close"; HTTP/1.0 the reverse.</summary>
    public bool KeepAlive { get; }

    public string? Upgrade { get; }

    public string? WebSocketKey { get; }

    public byte[] Body { get; }
}
