using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Accessory.Simulator.Tests.Fakes;

/// <summary>
/// A client that writes requests byte for byte and reads responses off one socket, so tests see exactly what goes
/// over the wire (which socket, which cookie, whether the server closed).
/// </summary>
public sealed class RawHttpClient : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly List<byte> _buffer = [];

    private RawHttpClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<RawHttpClient> ConnectAsync(IPEndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server).WaitAsync(Deadline);
        return new RawHttpClient(socket);
    }

    public static RawHttpClient Wrap(Socket connected) => new(connected);

    public static byte[] Request(string endpoint, string body, string? cookie = null, string? extraHeaders = null) =>
        Request(endpoint, Encoding.ASCII.GetBytes(body), cookie, extraHeaders);

    public static byte[] Request(string endpoint, byte[] bytes, string? cookie = null, string? extraHeaders = null)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"POST /{endpoint} HTTP/1.1\r\n")
            .Append("Host: 192.168.4.1\r\n")
            .Append("Content-Type: application/x-www-form-urlencoded\r\n")
            .Append("Accept: text/plain\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {bytes.Length}\r\n");
        if (cookie != null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Cookie: {cookie}\r\n");
        }

        head.Append(extraHeaders ?? string.Empty).Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. bytes];
    }

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes).AsTask().WaitAsync(Deadline);

    public async Task<RawHttpResponse?> PostAsync(string endpoint, byte[] body, string? cookie = null)
    {
        await SendAsync(Request(endpoint, body, cookie));
        return await ReadResponseAsync();
    }

    public async Task<RawHttpResponse?> PostAsync(string endpoint, string body, string? cookie = null)
    {
        await SendAsync(Request(endpoint, body, cookie));
        return await ReadResponseAsync();
    }

    /// <summary>The next response, or null when the server closed the socket without one.</summary>
    public async Task<RawHttpResponse?> ReadResponseAsync()
    {
        int end;
        while ((end = IndexOfHeaderEnd()) < 0)
        {
            if (!await FillAsync())
            {
                return null;
            }
        }

        string head = Encoding.ASCII.GetString([.. _buffer.GetRange(0, end)]);
        _buffer.RemoveRange(0, end + 4);
        var lines = head.Split("\r\n");
        int status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>();
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim().ToUpperInvariant()] = line[(colon + 1)..].Trim();
        }

        int length = int.Parse(headers["CONTENT-LENGTH"], CultureInfo.InvariantCulture);
        while (_buffer.Count < length)
        {
            if (!await FillAsync())
            {
                throw new EndOfStreamException("server closed inside a response body");
            }
        }

        var body = _buffer.GetRange(0, length).ToArray();
        _buffer.RemoveRange(0, length);
        return new RawHttpResponse { Status = status, Headers = headers, Body = body };
    }

    /// <summary>True when the server has closed (or reset) this socket; waits for it up to the deadline.</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        try
        {
            return !await FillAsync() && _buffer.Count == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _stream.Dispose();

    private async Task<bool> FillAsync()
    {
        var chunk = new byte[4096];
        int read;
        try
        {
            read = await _stream.ReadAsync(chunk).AsTask().WaitAsync(Deadline);
        }
        catch (IOException)
        {
            return false;
        }

        _buffer.AddRange(chunk.AsSpan(0, read));
        return read > 0;
    }

    private int IndexOfHeaderEnd()
    {
        for (int i = 0; i + 3 < _buffer.Count; i++)
        {
            if (_buffer[i] == '\r' && _buffer[i + 1] == '\n' && _buffer[i + 2] == '\r' && _buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
