using Accessory.Core.Text;

namespace Accessory.Core.Http;

/// <summary>An HTTP/1.1 response as bytes: status line, the few headers these servers send, body.</summary>
public sealed class HttpResponse
{
    public HttpResponse(int status, string contentType, byte[] body, string? extraHeader, bool close)
    {
        Status = status;
        ContentType = contentType;
        Body = body;
        ExtraHeader = extraHeader;
        Close = close;
    }

    public int Status { get; }

    public string ContentType { get; }

    public byte[] Body { get; }

    /// <summary>One more header line without CRLF (Set-Cookie, Allow), or null.</summary>
    public string? ExtraHeader { get; }

    /// <summary>The server closes the connection after sending this.</summary>
    public bool Close { get; }

    public static HttpResponse Text(int status, string text, bool close) =>
        new HttpResponse(status, "text/plain", Utf8.Encode(text), null, close);

    public static string ReasonPhrase(int status)
    {
        switch (status)
        {
            case 200: return "OK";
            case 201: return "Created";
            case 204: return "No Content";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 409: return "Conflict";
            case 411: return "Length Required";
            case 413: return "Payload Too Large";
            case 415: return "Unsupported Media Type";
            case 422: return "Unprocessable Entity";
            case 429: return "Too Many Requests";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 503: return "Service Unavailable";
            default: return "Status";
        }
    }

    public byte[] ToBytes()
    {
        string head = "HTTP/1.1 " + Status + " " + ReasonPhrase(Status) + "\r\n"
            + "Content-Type: " + ContentType + "\r\n"
            + "Content-Length: " + Body.Length + "\r\n"
            + (ExtraHeader == null ? string.Empty : ExtraHeader + "\r\n")
            + (Close ? "Connection: close\r\n" : string.Empty)
            + "\r\n";
        var builder = new ByteBuilder(head.Length + Body.Length);
        builder.Append(Utf8.Encode(head));
        builder.Append(Body);
        return builder.ToArray();
    }
}
