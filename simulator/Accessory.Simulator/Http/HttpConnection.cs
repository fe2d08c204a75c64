using System.Net.Sockets;

namespace Accessory.Simulator.Http;

/// <summary>One accepted client socket of the provisioning server (the purge decision is the core's ConnectionSlots).</summary>
internal sealed class HttpConnection : IDisposable
{
    private int _closed;

    public HttpConnection(int id, Socket socket)
    {
        Id = id;
        Socket = socket;
        Stream = new NetworkStream(socket, ownsSocket: true);
    }

    public int Id { get; }

    public Socket Socket { get; }

    public NetworkStream Stream { get; }

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
