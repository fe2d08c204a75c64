using System.Globalization;
using System.Text;

namespace Accessory.Simulator.LocalApi;

/// <summary>One HTTP/1.1 response as the local API sends it: status, headers in order, a body with Content-Length.</summary>
internal sealed class HttpResponse
{
    private readonly List<KeyValuePair<string, string>> _headers = new();

    public HttpResponse(int status, string contentType, byte[] body)
    {
        Status = status;
        Body = body;
        SetHeader("Content-Type", contentType);
    }

    public int Status { get; set; }

    public byte[] Body { get; set; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    public static HttpResponse Json(int status, string json) => new(status, "application/json", Encoding.UTF8.GetBytes(json));

    public static HttpResponse Error(int status, string reason) =>
        Json(status, "{\"error\":\"" + System.Text.Json.JsonEncodedText.Encode(reason) + "\"}");

    public void SetHeader(string name, string value)
    {
        RemoveHeader(name);
        _headers.Add(new KeyValuePair<string, string>(name, value));
    }

    public void RemoveHeader(string name) => _headers.RemoveAll(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Status line, headers and body as the bytes that go on the wire.</summary>
    public byte[] ToBytes(bool keepAlive)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {Status} {ReasonPhrase(Status)}\r\n");
        foreach (var header in _headers)
        {
            head.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
        }

        if (Status == 101)
        {
            head.Append("Connection: Upgrade\r\n");
        }
        else
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {Body.Length}\r\n");
            head.Append(keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
        }

        head.Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        var all = new byte[headBytes.Length + Body.Length];
        headBytes.CopyTo(all, 0);
        Body.CopyTo(all, headBytes.Length);
        return all;
    }

    private static string ReasonPhrase(int status) => status switch
    {
        101 => "Switching Protocols",
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        426 => "Upgrade Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status " + status.ToString(CultureInfo.InvariantCulture),
    };
}
