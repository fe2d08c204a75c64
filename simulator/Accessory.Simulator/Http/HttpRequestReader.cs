using System.Globalization;
using System.Text;

namespace Accessory.Simulator.Http;

/// <summary>
/// Reads HTTP/1.1 requests from one socket, with hard limits on header and body size, for the simulator-only fault
/// control API (only POST carries a body). Bytes past one request stay
/// buffered for the next (pipelining). The provisioning server and the local API no longer use it: they parse with
/// the core's HttpRequestParser (CoreRequestReader), as the firmware does.
/// </summary>
internal sealed class HttpRequestReader
{
    private readonly RequestFraming _framing;
    private readonly int _maxHeaderBytes;
    private readonly int _maxBodyBytes;

    public HttpRequestReader(Stream stream, int maxHeaderBytes, int maxBodyBytes)
    {
        _framing = new RequestFraming(stream, maxHeaderBytes);
        _maxHeaderBytes = maxHeaderBytes;
        _maxBodyBytes = maxBodyBytes;
    }

    /// <summary>Waits for the first byte of a request; false when the peer closed the socket.</summary>
    public Task<bool> WaitForRequestAsync(CancellationToken cancellation) => _framing.WaitForRequestAsync(cancellation);

    public async Task<HttpRequest> ReadAsync(CancellationToken cancellation)
    {
        byte[] headBytes = await _framing.ReadHeadAsync(cancellation).ConfigureAwait(false)
            ?? throw new HttpRequestRefusedException(431, $"request header larger than {_maxHeaderBytes} bytes");

        // Latin-1 maps every byte to one char, so garbage cannot make decoding throw.
        string head = Encoding.Latin1.GetString(headBytes);
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[0].Length == 0 || !IsToken(requestLine[0]) || !requestLine[1].StartsWith('/')
            || (requestLine[2] != "HTTP/1.1" && requestLine[2] != "HTTP/1.0"))
        {
            throw new HttpRequestRefusedException(400, "malformed request line");
        }

        bool http10 = requestLine[2] == "HTTP/1.0";
        bool keepAlive = !http10;
        long contentLength = -1;
        var headers = new List<KeyValuePair<string, string>>(lines.Length);
        for (int i = 1; i < lines.Length; i++)
        {
            int colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new HttpRequestRefusedException(400, "malformed header line");
            }

            string name = lines[i][..colon].Trim();
            string value = lines[i][(colon + 1)..].Trim();
            headers.Add(new KeyValuePair<string, string>(name, value));
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long length) || (contentLength >= 0 && contentLength != length))
                {
                    throw new HttpRequestRefusedException(400, "invalid Content-Length");
                }

                contentLength = length;
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                throw new HttpRequestRefusedException(411, "chunked bodies are not accepted; send Content-Length");
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                keepAlive = value.Contains("keep-alive", StringComparison.OrdinalIgnoreCase)
                    || (!http10 && !value.Contains("close", StringComparison.OrdinalIgnoreCase));
            }
        }

        string path = requestLine[1];
        int query = path.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            path = path[..query];
        }

        string method = requestLine[0];
        if (method != "POST")
        {
            // Only POST carries a protocomm request; the body of anything else is not ours to read.
            return new HttpRequest { Method = method, Path = path, KeepAlive = false, Body = [], Headers = headers };
        }

        if (contentLength <= 0)
        {
            throw new HttpRequestRefusedException(411, "missing or zero Content-Length");
        }

        if (contentLength > _maxBodyBytes)
        {
            throw new HttpRequestRefusedException(413, $"body of {contentLength} bytes exceeds the {_maxBodyBytes}-byte limit");
        }

        var body = await _framing.ReadBodyAsync((int)contentLength, cancellation).ConfigureAwait(false);
        return new HttpRequest { Method = method, Path = path, KeepAlive = keepAlive, Body = body, Headers = headers };
    }

    private static bool IsToken(string text)
    {
        foreach (char c in text)
        {
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
