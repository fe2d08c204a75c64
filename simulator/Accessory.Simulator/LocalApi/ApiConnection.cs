using System.Net.Sockets;
using Accessory.Simulator.Tls;

namespace Accessory.Simulator.LocalApi;

/// <summary>
/// One accepted client connection, plain or TLS, with the three ways it can end: gracefully (close_notify, then
/// FIN), aborted (FIN with no close_notify: what a crashed or restarted server leaves behind) or reset (RST).
/// </summary>
internal sealed class ApiConnection
{
    private int _ended;

    public ApiConnection(Socket socket, Stream stream, TlsServerStream? tls)
    {
        Socket = socket;
        Stream = stream;
        Tls = tls;
    }

    public Socket Socket { get; }

    public Stream Stream { get; }

    public TlsServerStream? Tls { get; }

    public bool Ended => Volatile.Read(ref _ended) != 0;

    public async Task CloseGracefullyAsync(CancellationToken cancellation)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        try
        {
            if (Tls is not null)
            {
                await Tls.CloseGracefullyAsync(cancellation).ConfigureAwait(false);
                return;
            }

            Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer is gone already; nothing left to say to it.
        }
        finally
        {
            Socket.Close();
        }
    }

    public void Abort()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        if (Tls is not null)
        {
            Tls.Abort();
        }
        else
        {
            Socket.Close();
        }
    }

    public void Reset()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        if (Tls is not null)
        {
            Tls.Reset();
            return;
        }

        try
        {
            Socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed: a reset has nothing left to cut.
        }

        Socket.Close();
    }
}
