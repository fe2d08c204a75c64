using System.Text;
using System.Threading.Channels;
using Accessory.Simulator.Tls;

namespace Accessory.Simulator.Tests.Tls;

/// <summary>Per-connection behaviours for <see cref="TlsTestServer"/>.</summary>
internal static class TlsHandlers
{
    public const string Response = "HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\nhello\n";
    private const int MaxRequestReads = 64;

    public enum Ending
    {
        Graceful,
        Abort,
        Reset,
    }

    /// <summary>Reads one request line, answers <see cref="Response"/>, then ends the connection as asked.</summary>
    public static Func<TlsServerStream, CancellationToken, Task> RespondThen(Ending ending) => async (tls, ct) =>
    {
        await ReadLineAsync(tls, ct);
        await tls.WriteAsync(Encoding.ASCII.GetBytes(Response), ct);
        switch (ending)
        {
            case Ending.Graceful:
                await tls.CloseGracefullyAsync(ct);
                break;
            case Ending.Abort:
                tls.Abort();
                break;
            default:
                tls.Reset();
                break;
        }
    };

    /// <summary>
    /// Echoes until the client closes, with a reader task and a writer task running at the same time on the one
    /// stream, then closes gracefully.
    /// </summary>
    public static async Task ConcurrentEchoAsync(TlsServerStream tls, CancellationToken ct)
    {
        var chunks = Channel.CreateBounded<byte[]>(4);
        var reader = Task.Run(
            async () =>
            {
                var buffer = new byte[7000];
                int count;
                while ((count = await tls.ReadAsync(buffer, ct)) > 0)
                {
                    await chunks.Writer.WriteAsync(buffer.AsSpan(0, count).ToArray(), ct);
                }

                chunks.Writer.Complete();
            },
            ct);
        var writer = Task.Run(
            async () =>
            {
                await foreach (var chunk in chunks.Reader.ReadAllAsync(ct))
                {
                    await tls.WriteAsync(chunk, ct);
                }
            },
            ct);
        await Task.WhenAll(reader, writer);
        await tls.CloseGracefullyAsync(ct);
    }

    private static async Task ReadLineAsync(TlsServerStream tls, CancellationToken ct)
    {
        var buffer = new byte[1024];
        for (var i = 0; i < MaxRequestReads; i++)
        {
            var count = await tls.ReadAsync(buffer, ct);
            if (count == 0 || buffer.AsSpan(0, count).Contains((byte)'\n'))
            {
                return;
            }
        }
    }
}
