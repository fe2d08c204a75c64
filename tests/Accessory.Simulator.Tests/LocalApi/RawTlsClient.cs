using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>
/// One TLS connection driven by hand over a plain socket, so a test sees exactly how the server ends it: a clean
/// EOF, an exception, or nothing at all. It trusts exactly one certificate: the one in the given PEM file.
/// </summary>
internal sealed class RawTlsClient : IAsyncDisposable
{
    private static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;
    private readonly SslStream _ssl;

    private RawTlsClient(Socket socket, SslStream ssl)
    {
        _socket = socket;
        _ssl = ssl;
    }

    public static async Task<RawTlsClient> ConnectAsync(int port, string trustedCertificateFile)
    {
        using var trusted = X509CertificateLoader.LoadCertificateFromFile(trustedCertificateFile);
        var pinned = trusted.RawData;
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, port);
            var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false, (_, certificate, _, errors) =>
                certificate is not null && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == 0 && certificate.GetRawCertData().AsSpan().SequenceEqual(pinned));
            await ssl.AuthenticateAsClientAsync("localhost");
            return new RawTlsClient(socket, ssl);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends a request and reads one response with a Content-Length body; returns status line, headers and body.</summary>
    public async Task<string> ExchangeAsync(string request)
    {
        using var limit = new CancellationTokenSource(ReadLimit);
        await _ssl.WriteAsync(Encoding.ASCII.GetBytes(request), limit.Token);
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd = -1;
        int total = int.MaxValue;
        while (received.Count < total)
        {
            int n = await _ssl.ReadAsync(buffer, limit.Token);
            if (n == 0)
            {
                throw new EndOfStreamException("connection ended inside a response: " + Encoding.ASCII.GetString(received.ToArray()));
            }

            received.AddRange(buffer.AsSpan(0, n));
            if (headEnd < 0)
            {
                headEnd = Encoding.ASCII.GetString(received.ToArray()).IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (headEnd >= 0)
                {
                    total = headEnd + 4 + ContentLength(Encoding.ASCII.GetString(received.ToArray(), 0, headEnd));
                }
            }
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    /// <summary>Waits (bounded) for the server to end the connection: the byte count of a read that returned, or the exception a read threw.</summary>
    public async Task<(int Read, Exception? Error)> ReadEndAsync()
    {
        using var limit = new CancellationTokenSource(ReadLimit);
        try
        {
            return (await _ssl.ReadAsync(new byte[256], limit.Token), null);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            return (-1, e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _ssl.DisposeAsync();
        _socket.Dispose();
    }

    private static int ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
