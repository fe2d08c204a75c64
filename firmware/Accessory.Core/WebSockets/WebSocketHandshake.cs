using System;
using Accessory.Core.Crypto;
using Accessory.Core.Http;
using Accessory.Core.Text;

namespace Accessory.Core.WebSockets;

/// <summary>The server side of the RFC 6455 opening handshake: checks an upgrade request and computes the accept key.</summary>
public static class WebSocketHandshake
{
    // Fixed by RFC 6455 section 1.3: every server appends it to the client's key.
    private const string AcceptSuffix = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>True when the request asks to become a WebSocket (Upgrade: websocket, any case).</summary>
    public static bool IsUpgrade(HttpRequest request)
    {
        string? upgrade = request == null ? null : request.Header("Upgrade");
        return upgrade != null && HttpRequest.SameName(upgrade.Trim(), "websocket");
    }

    /// <summary>Null when the request is a valid version-13 upgrade; else why not, with the status to answer.</summary>
    public static string? Refusal(HttpRequest request, out int status)
    {
        status = 400;
        if (request.Method != "GET")
        {
            return "a WebSocket upgrade must be a GET";
        }

        string connection = request.Header("Connection") ?? string.Empty;
        if (!ContainsToken(connection, "upgrade"))
        {
            return "Connection: Upgrade is missing";
        }

        if (request.Header("Sec-WebSocket-Version") != "13")
        {
            status = 426;
            return "only WebSocket version 13 is supported";
        }

        string? key = request.Header("Sec-WebSocket-Key");
        if (key == null || !IsValidKey(key))
        {
            return "Sec-WebSocket-Key must be 16 random bytes in base64";
        }

        return null;
    }

    /// <summary>Sec-WebSocket-Accept for a client's key: base64(SHA-1(key + the RFC's GUID)).</summary>
    public static string AcceptValue(string key) => Convert.ToBase64String(Sha1.Hash(Utf8.Encode(key + AcceptSuffix)));

    /// <summary>The 101 answer for a request <see cref="Refusal"/> accepted; <paramref name="upgrade"/> serves the connection on a blocking body (null where the caller drives the session itself).</summary>
    public static HttpResponse Accept(HttpRequest request, IConnectionUpgrade? upgrade)
    {
        var response = new HttpResponse(101, null, new byte[0], null, false);
        response.SetHeader("Upgrade", "websocket");
        response.SetHeader("Sec-WebSocket-Accept", AcceptValue(request.Header("Sec-WebSocket-Key")!));
        response.Upgrade = upgrade;
        return response;
    }

    // Base64 of exactly 16 bytes: 22 significant characters and "==".
    private static bool IsValidKey(string key)
    {
        if (key.Length != 24 || key[22] != '=' || key[23] != '=')
        {
            return false;
        }

        for (int i = 0; i < 22; i++)
        {
            char c = key[i];
            bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!ok)
            {
                return false;
            }
        }

        // The last significant character carries 2 bits of data and 4 zero bits.
        char last = key[21];
        return last == 'A' || last == 'Q' || last == 'g' || last == 'w';
    }

    // A comma-separated header value containing a token (ASCII case-insensitive): "keep-alive, Upgrade".
    private static bool ContainsToken(string value, string token)
    {
        int start = 0;
        while (start <= value.Length)
        {
            int comma = value.IndexOf(',', start);
            int stop = comma < 0 ? value.Length : comma;
            if (HttpRequest.SameName(value.Substring(start, stop - start).Trim(), token))
            {
                return true;
            }

            if (comma < 0)
            {
                return false;
            }

            start = comma + 1;
        }

        return false;
    }
}
