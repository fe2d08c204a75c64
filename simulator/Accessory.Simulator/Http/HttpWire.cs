using System.Globalization;
using System.Text;

namespace Accessory.Simulator.Http;

/// <summary>What every HTTP/1.1 response this simulator writes shares: the status line's reason phrase and head + body bytes.</summary>
internal static class HttpWire
{
    public static string ReasonPhrase(int status) => status switch
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

    /// <summary>The head (status line and headers, without the closing blank line) and the body as one buffer.</summary>
    public static byte[] Join(StringBuilder head, byte[] body)
    {
        head.Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        var all = new byte[headBytes.Length + body.Length];
        headBytes.CopyTo(all, 0);
        body.CopyTo(all, headBytes.Length);
        return all;
    }
}
