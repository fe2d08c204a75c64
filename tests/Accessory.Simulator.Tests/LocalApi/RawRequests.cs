namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>Hand-written HTTP/1.1 requests for clients that send bytes as given (openssl s_client, raw sockets).</summary>
internal static class RawRequests
{
    public const string InfoKeepAlive = "GET /api/v1/info HTTP/1.1\r\nHost: localhost\r\n\r\n";

    public const string InfoThenClose = "GET /api/v1/info HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

    public const string UnexpectedEof = "unexpected eof while reading";

    public static int CountOccurrences(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
