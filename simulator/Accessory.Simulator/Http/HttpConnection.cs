using System.Net.Sockets;

namespace Accessory.Simulator.Http;

/// <summary>One accepted client socket, with the bookkeeping the least-recently-used purge needs.</summary>
internal sealed class HttpConnection : IDisposable
{
    private int _closed;

    public HttpConnection(long id, Socket socket, long now)
    {
        Id = id;
        Socket = socket;
        Stream = new NetworkStream(socket, ownsSocket: true);
        LastUsed = now;
    }

    public long Id { get; }

    public Socket Socket { get; }

    public NetworkStream Stream { get; }

    /// <summary>Tick of the last request; the purge closes the smallest.</summary>
    public long LastUsed { get; set; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            try
            {
                Socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Already reset by the peer: nothing left to shut down.
            }
            catch (ObjectDisposedException)
            {
                // Closed concurrently by the purge or by shutdown.
            }

            Stream.Dispose();
        }
    }
}
