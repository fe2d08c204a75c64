using System.Collections;
using Accessory.Core.Text;

namespace Accessory.Core.Http;

/// <summary>
/// An HTTP/1.1 response as bytes, built the same way on both bodies so a phone sees the same answer: status line,
/// Content-Type, Content-Length, the extra headers in the order they were set, then Connection. The order follows
/// ESP-IDF's httpd (its fixed headers first, then those a handler set).
/// </summary>
public sealed class HttpResponse
{
    private readonly ArrayList _headers = new ArrayList();

    public HttpResponse(int status, string? contentType, byte[] body, string? extraHeader, bool close)
    {
        Status = status;
        ContentType = contentType;
        Body = body ?? new byte[0];
        Close = close;
        if (extraHeader != null)
        {
            int colon = extraHeader.IndexOf(':');
            if (colon <= 0)
            {
                throw new System.ArgumentException("an extra header is 'Name: value'");
            }

            SetHeader(extraHeader.Substring(0, colon), extraHeader.Substring(colon + 1).Trim());
        }
    }

    public int Status { get; }

    /// <summary>Null for a response without a body type (101 Switching Protocols).</summary>
    public string? ContentType { get; }

    public byte[] Body { get; set; }

    /// <summary>The first extra header as one line without CRLF (Set-Cookie, Allow, WWW-Authenticate), or null.</summary>
    public string? ExtraHeader => _headers.Count == 0 ? null : HeaderName(0) + ": " + HeaderValue(0);

    /// <summary>The server closes the connection after sending this.</summary>
    public bool Close { get; set; }

    /// <summary>
    /// Says "Connection: keep-alive" when the connection stays open (the local API does; ESP-IDF's httpd, and so
    /// the provisioning server, only ever says "close").
    /// </summary>
    public bool AnnounceKeepAlive { get; set; }

    /// <summary>For a 101: what takes over the connection once these bytes are sent; null otherwise.</summary>
    public IConnectionUpgrade? Upgrade { get; set; }

    public int HeaderCount => _headers.Count;

    public static HttpResponse Text(int status, string text, bool close) =>
        new HttpResponse(status, "text/plain", Utf8.Encode(text), null, close);

    public static string ReasonPhrase(int status)
    {
        switch (status)
        {
            case 101: return "Switching Protocols";
            case 200: return "OK";
            case 201: return "Created";
            case 204: return "No Content";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 409: return "Conflict";
            case 411: return "Length Required";
            case 413: return "Content Too Large";
            case 415: return "Unsupported Media Type";
            case 422: return "Unprocessable Content";
            case 426: return "Upgrade Required";
            case 429: return "Too Many Requests";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "Status " + status;
        }
    }

    public string HeaderName(int index) => ((string[])_headers[index]!)[0];

    public string HeaderValue(int index) => ((string[])_headers[index]!)[1];

    /// <summary>The value of a header set on this response (names compare ASCII case-insensitively), or null.</summary>
    public string? Header(string name)
    {
        int at = IndexOf(name);
        return at < 0 ? null : HeaderValue(at);
    }

    /// <summary>Sets a header, replacing one of the same name where it stood.</summary>
    public void SetHeader(string name, string value)
    {
        if (name == null || name.Length == 0 || value == null)
        {
            throw new System.ArgumentException("a header needs a name and a value");
        }

        int at = IndexOf(name);
        var entry = new string[] { name, value };
        if (at < 0)
        {
            _headers.Add(entry);
        }
        else
        {
            _headers[at] = entry;
        }
    }

    public byte[] ToBytes()
    {
        string head = "HTTP/1.1 " + Status + " " + ReasonPhrase(Status) + "\r\n";
        if (ContentType != null)
        {
            head += "Content-Type: " + ContentType + "\r\n";
        }

        if (Status != 101)
        {
            head += "Content-Length: " + Body.Length + "\r\n";
        }

        for (int i = 0; i < _headers.Count; i++)
        {
            head += HeaderName(i) + ": " + HeaderValue(i) + "\r\n";
        }

        if (Status == 101)
        {
            head += "Connection: Upgrade\r\n";
        }
        else if (Close)
        {
            head += "Connection: close\r\n";
        }
        else if (AnnounceKeepAlive)
        {
            head += "Connection: keep-alive\r\n";
        }

        head += "\r\n";
        var headBytes = Utf8.Encode(head);
        var builder = new ByteBuilder(headBytes.Length + Body.Length);
        builder.Append(headBytes);
        builder.Append(Body);
        return builder.ToArray();
    }

    private int IndexOf(string name)
    {
        for (int i = 0; i < _headers.Count; i++)
        {
            if (HttpRequest.SameName(HeaderName(i), name))
            {
                return i;
            }
        }

        return -1;
    }
}
