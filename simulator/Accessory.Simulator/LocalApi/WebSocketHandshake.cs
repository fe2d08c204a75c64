using System.Security.Cryptography;
using System.Text;
using Accessory.Simulator.Http;

namespace Accessory.Simulator.LocalApi;

/// <summary>The server side of the RFC 6455 opening handshake: checks the upgrade request and builds the 101 answer.</summary>
internal static class WebSocketHandshake
{
    // Fixed by RFC 6455 section 1.3: every server appends it to the client's key.
    private const string AcceptSuffix = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static bool IsUpgrade(HttpRequest request) =>
        request.Header("Upgrade") is { } upgrade && upgrade.Equals("websocket", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when the request is a valid WebSocket upgrade; otherwise the refusal to send.</summary>
    public static HttpResponse? Refusal(HttpRequest request)
    {
        if (request.Method != "GET")
        {
            return HttpResponse.Error(400, "a WebSocket upgrade must be a GET");
        }

        var connection = request.Header("Connection") ?? string.Empty;
        if (!connection.Contains("upgrade", StringComparison.OrdinalIgnoreCase))
        {
            return HttpResponse.Error(400, "Connection: Upgrade is missing");
        }

        if (request.Header("Sec-WebSocket-Version") != "13")
        {
            var refusal = HttpResponse.Error(426, "only WebSocket version 13 is supported");
            refusal.SetHeader("Sec-WebSocket-Version", "13");
            return refusal;
        }

        var key = request.Header("Sec-WebSocket-Key");
        if (key is null || !IsValidKey(key))
        {
            return HttpResponse.Error(400, "Sec-WebSocket-Key must be 16 random bytes in base64");
        }

        return null;
    }

    public static HttpResponse Accept(HttpRequest request)
    {
        var key = request.Header("Sec-WebSocket-Key")!;
#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 for the accept value; it protects nothing, so its weakness does not matter.
        var hash = SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptSuffix));
#pragma warning restore CA5350
        var response = new HttpResponse(101, "text/plain", []);
        response.RemoveHeader("Content-Type");
        response.SetHeader("Upgrade", "websocket");
        response.SetHeader("Sec-WebSocket-Accept", Convert.ToBase64String(hash));
        return response;
    }

    private static bool IsValidKey(string key)
    {
        var buffer = new byte[24];
        return Convert.TryFromBase64String(key, buffer, out int length) && length == 16;
    }
}
