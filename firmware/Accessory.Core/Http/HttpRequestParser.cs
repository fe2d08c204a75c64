using Accessory.Core.Text;

namespace Accessory.Core.Http;

/// <summary>
/// Reads one HTTP/1.1 request from a byte source with hard limits (header section, body), as ESP-IDF's httpd
/// does: Content-Length bodies only (no chunked uploads), header lines ending in CRLF, header names
/// case-insensitive. Bad input is a HttpRequestRefusedException with the status to answer (400, 411, 413, 431).
/// </summary>
public sealed class HttpRequestParser
{
    private readonly int _maxHeaderBytes;
    private readonly int _maxBodyBytes;
    private readonly bool _emptyPostAllowed;

    public HttpRequestParser(int maxHeaderBytes, int maxBodyBytes)
        : this(maxHeaderBytes, maxBodyBytes, false)
    {
    }

    /// <param name="emptyPostAllowed">
    /// True for the local API, whose commands are POSTs without a body; false for provisioning, where httpd refuses
    /// a POST without a length (411).
    /// </param>
    public HttpRequestParser(int maxHeaderBytes, int maxBodyBytes, bool emptyPostAllowed)
    {
        _emptyPostAllowed = emptyPostAllowed;
        if (maxHeaderBytes < 16 || maxBodyBytes < 0)
        {
            throw new System.ArgumentException("the header limit must be at least 16 bytes and the body limit not negative");
        }

        _maxHeaderBytes = maxHeaderBytes;
        _maxBodyBytes = maxBodyBytes;
    }

    /// <summary>The next request, or null when the peer closed the connection cleanly between requests.</summary>
    public HttpRequest? Read(IByteSource source)
    {
        var head = new byte[_maxHeaderBytes];
        int length = 0;
        int end = -1;
        var one = new byte[1];
        // Byte by byte up to the blank line, so no byte of the body (or the next request) is consumed here.
        while (end < 0)
        {
            int n = source.Read(one, 0, 1);
            if (n == 0)
            {
                if (length == 0)
                {
                    return null;
                }

                throw new HttpRequestRefusedException(400, "connection closed inside the request header");
            }

            if (length == head.Length)
            {
                throw new HttpRequestRefusedException(431, "request header larger than " + _maxHeaderBytes + " bytes");
            }

            head[length++] = one[0];
            if (length >= 4 && head[length - 4] == '\r' && head[length - 3] == '\n' && head[length - 2] == '\r' && head[length - 1] == '\n')
            {
                end = length - 4;
            }
        }

        var request = ParseHead(head, end);
        var body = new byte[request.ContentLength];
        int read = 0;
        while (read < body.Length)
        {
            int n = source.Read(body, read, body.Length - read);
            if (n == 0)
            {
                throw new HttpRequestRefusedException(400, "connection closed inside the request body");
            }

            read += n;
        }

        return request.WithBody(body);
    }

    /// <summary>
    /// Parses a header section already read by the caller (head[0..end) is everything before the blank line), for a
    /// transport that reads asynchronously: the request comes back without its body, whose length is ContentLength
    /// (already checked against the body limit); read that many bytes and attach them with WithBody.
    /// </summary>
    public HttpRequest ParseHead(byte[] head, int end)
    {
        if (head == null || end < 0 || end > head.Length)
        {
            throw new System.ArgumentException("end must lie inside head");
        }

        if (end > _maxHeaderBytes)
        {
            throw new HttpRequestRefusedException(431, "request header larger than " + _maxHeaderBytes + " bytes");
        }

        if (end == 0)
        {
            throw new HttpRequestRefusedException(400, "malformed request line");
        }

        int lineEnd = IndexOfCrLf(head, 0, end);
        string requestLine = Latin1(head, 0, lineEnd < 0 ? end : lineEnd);
        int firstSpace = requestLine.IndexOf(' ');
        int secondSpace = firstSpace < 0 ? -1 : requestLine.IndexOf(' ', firstSpace + 1);
        if (firstSpace <= 0 || secondSpace <= firstSpace + 1)
        {
            throw new HttpRequestRefusedException(400, "malformed request line");
        }

        string method = requestLine.Substring(0, firstSpace);
        if (!IsToken(method))
        {
            throw new HttpRequestRefusedException(400, "malformed request line");
        }

        string target = requestLine.Substring(firstSpace + 1, secondSpace - firstSpace - 1);
        string version = requestLine.Substring(secondSpace + 1);
        if (version != "HTTP/1.1" && version != "HTTP/1.0")
        {
            throw new HttpRequestRefusedException(400, "unsupported protocol '" + version + "'");
        }

        if (target[0] != '/')
        {
            throw new HttpRequestRefusedException(400, "request target must start with '/'");
        }

        int query = target.IndexOf('?');
        string path = query < 0 ? target : target.Substring(0, query);
        bool keepAlive = version == "HTTP/1.1";
        int contentLength = -1;
        string? cookie = null;
        string? upgrade = null;
        string? webSocketKey = null;
        string? authorization = null;
        var headers = new System.Collections.ArrayList();
        int position = lineEnd < 0 ? end : lineEnd + 2;
        while (position < end)
        {
            int next = IndexOfCrLf(head, position, end);
            int stop = next < 0 ? end : next;
            string line = Latin1(head, position, stop - position);
            position = stop + 2;
            int colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw new HttpRequestRefusedException(400, "malformed header line");
            }

            string rawName = line.Substring(0, colon).Trim();
            string name = Ascii.ToLower(rawName);
            string value = line.Substring(colon + 1).Trim();
            headers.Add(new string[] { rawName, value });
            if (name == "content-length")
            {
                int length = ParseLength(value);
                if (contentLength >= 0 && contentLength != length)
                {
                    throw new HttpRequestRefusedException(400, "invalid Content-Length");
                }

                contentLength = length;
            }
            else if (name == "transfer-encoding")
            {
                throw new HttpRequestRefusedException(411, "chunked bodies are not accepted; send Content-Length");
            }
            else if (name == "connection")
            {
                string lower = Ascii.ToLower(value);
                if (lower.Contains("close"))
                {
                    keepAlive = false;
                }
                else if (lower.Contains("keep-alive"))
                {
                    keepAlive = true;
                }
            }
            else if (name == "cookie")
            {
                cookie = cookie == null ? value : cookie + "; " + value;
            }
            else if (name == "upgrade")
            {
                upgrade = value;
            }
            else if (name == "sec-websocket-key")
            {
                webSocketKey = value;
            }
            else if (name == "authorization")
            {
                authorization = value;
            }
        }

        if (contentLength > _maxBodyBytes)
        {
            throw new HttpRequestRefusedException(413, "body of " + contentLength + " bytes exceeds the " + _maxBodyBytes + "-byte limit");
        }

        // ESP-IDF's httpd hands protocomm nothing to decode without a length; an empty POST is refused the same way.
        if (contentLength <= 0 && method == "POST" && !_emptyPostAllowed)
        {
            throw new HttpRequestRefusedException(411, "missing or zero Content-Length");
        }

        var request = new HttpRequest(method, path, cookie, keepAlive, upgrade, webSocketKey, new byte[0], contentLength < 0 ? 0 : contentLength);
        for (int i = 0; i < headers.Count; i++)
        {
            var header = (string[])headers[i]!;
            request.AddHeader(header[0], header[1]);
        }

        return request.WithAuthorization(authorization);
    }

    // RFC 9110 token characters: a method with separators or controls is a malformed request line, not a method.
    private static bool IsToken(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c <= ' ' || c >= 127 || IsSeparator(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int ParseLength(string value)
    {
        if (value.Length == 0 || value.Length > 9)
        {
            throw new HttpRequestRefusedException(400, "invalid Content-Length");
        }

        int result = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c < '0' || c > '9')
            {
                throw new HttpRequestRefusedException(400, "invalid Content-Length");
            }

            result = (result * 10) + (c - '0');
        }

        return result;
    }

    private static bool IsSeparator(char c)
    {
        switch (c)
        {
            case '(': case ')': case '<': case '>': case '@': case ',': case ';': case ':': case '\\':
            case '"': case '/': case '[': case ']': case '?': case '=': case '{': case '}':
                return true;
            default:
                return false;
        }
    }

    private static int IndexOfCrLf(byte[] data, int from, int end)
    {
        for (int i = from; i + 1 < end; i++)
        {
            if (data[i] == '\r' && data[i + 1] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    // Latin-1: every byte is one char, so a garbage header cannot make decoding fail.
    private static string Latin1(byte[] data, int offset, int count)
    {
        var chars = new char[count];
        for (int i = 0; i < count; i++)
        {
            chars[i] = (char)data[offset + i];
        }

        return new string(chars);
    }
}
