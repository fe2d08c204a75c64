using System.Collections;

namespace Accessory.Core.Http;

/// <summary>One parsed HTTP/1.1 request: the fields the handlers use, and every header line in order.</summary>
public sealed class HttpRequest
{
    private ArrayList _headers = new ArrayList();

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

    /// <summary>The Authorization header's value (the local API's Bearer token); null when absent.</summary>
    public string? Authorization { get; private set; }

    /// <summary>Number of header lines.</summary>
    public int HeaderCount => _headers.Count;

    /// <summary>True when two header names are the same (ASCII case-insensitive, as HTTP defines them).</summary>
    public static bool SameName(string a, string b)
    {
        if (a == null || b == null || a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            char x = a[i];
            char y = b[i];
            if (x >= 'A' && x <= 'Z')
            {
                x = (char)(x + 32);
            }

            if (y >= 'A' && y <= 'Z')
            {
                y = (char)(y + 32);
            }

            if (x != y)
            {
                return false;
            }
        }

        return true;
    }

    public string HeaderName(int index) => ((string[])_headers[index]!)[0];

    public string HeaderValue(int index) => ((string[])_headers[index]!)[1];

    /// <summary>The first value of a header (names compare case-insensitively); null when absent.</summary>
    public string? Header(string name)
    {
        for (int i = 0; i < _headers.Count; i++)
        {
            if (SameName(HeaderName(i), name))
            {
                return HeaderValue(i);
            }
        }

        return null;
    }

    /// <summary>The same request with its body attached (the head was parsed before the body was read).</summary>
    public HttpRequest WithBody(byte[] body) => Copy(body, KeepAlive);

    /// <summary>The same request with keep-alive decided by the transport (e.g. closed after a refused method).</summary>
    public HttpRequest WithKeepAlive(bool keepAlive) => Copy(Body, keepAlive);

    /// <summary>This request with <paramref name="authorization"/> as its Authorization header.</summary>
    public HttpRequest WithAuthorization(string? authorization)
    {
        var copy = Copy(Body, KeepAlive);
        copy.Authorization = authorization;
        return copy;
    }

    /// <summary>Adds a header line as received (the parser calls this; the named fields are set separately).</summary>
    internal void AddHeader(string name, string value)
    {
        _headers.Add(new string[] { name, value });
    }

    private HttpRequest Copy(byte[] body, bool keepAlive)
    {
        var copy = new HttpRequest(Method, Path, Cookie, keepAlive, Upgrade, WebSocketKey, body, ContentLength);
        copy.Authorization = Authorization;
        copy._headers = _headers;
        return copy;
    }
}
