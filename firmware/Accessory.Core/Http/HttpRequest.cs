namespace Accessory.Core.Http;

/// <summary>One parsed HTTP/1.1 request: what the provisioning and local API handlers need, nothing more.</summary>
public sealed class HttpRequest
{
    public HttpRequest(string method, string path, string? cookie, bool keepAlive, string? upgrade, string? webSocketKey, byte[] body)
        : this(method, path, cookie, keepAlive, upgrade, webSocketKey, body, body == null ? 0 : body.Length)
    {
    }

    public HttpRequest(string method, string path, string? cookie, bool keepAlive, string? upgrade, string? webSocketKey, byte[] body, int contentLength)
    {
        ContentLength = contentLength;
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

    /// <summary>The declared body length (0 without Content-Length); equals Body.Length once the body is read.</summary>
    public int ContentLength { get; }

    /// <summary>The same request with its body attached (the head was parsed before the body was read).</summary>
    public HttpRequest WithBody(byte[] body) => new HttpRequest(Method, Path, Cookie, KeepAlive, Upgrade, WebSocketKey, body, ContentLength).WithAuthorization(Authorization);

    /// <summary>The same request with keep-alive decided by the transport (e.g. closed after a refused method).</summary>
    public HttpRequest WithKeepAlive(bool keepAlive) => new HttpRequest(Method, Path, Cookie, keepAlive, Upgrade, WebSocketKey, Body, ContentLength).WithAuthorization(Authorization);

    /// <summary>The Authorization header's value (the local API's Bearer token); null when absent.</summary>
    public string? Authorization { get; private set; }

    /// <summary>This request with <paramref name="authorization"/> as its Authorization header.</summary>
    public HttpRequest WithAuthorization(string? authorization)
    {
        var copy = new HttpRequest(Method, Path, Cookie, KeepAlive, Upgrade, WebSocketKey, Body, ContentLength);
        copy.Authorization = authorization;
        return copy;
    }
}
