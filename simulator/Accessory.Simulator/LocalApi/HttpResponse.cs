using System.Globalization;
using System.Text;
using Accessory.Simulator.Http;

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
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {Status} {HttpWire.ReasonPhrase(Status)}\r\n");
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

        return HttpWire.Join(head, Body);
    }
}
