using System.Net;
using System.Net.Sockets;
using Accessory.Core.Ports;

namespace Accessory.Simulator.LocalApi;

/// <summary>
/// One listening socket of the local API that can be closed and opened again on the same port: while closed the
/// kernel answers connection attempts with a reset, which is how an outage in "refuse" mode looks to a phone.
/// </summary>
internal sealed class ApiListener : IDisposable
{
    private readonly Func<IPEndPoint, Socket>? _factory;
    private readonly Func<Socket, Task> _serve;
    private readonly ILog _log;
    private readonly Accessory.Simulator.Platform.RateLimitedLog _noisyLog;
    private readonly object _gate = new();
    private IPEndPoint _endPoint;
    private Socket? _socket;

    public ApiListener(IPEndPoint endPoint, bool tls, Func<IPEndPoint, Socket>? factory, Func<Socket, Task> serve, ILog log)
    {
        _endPoint = endPoint;
        Tls = tls;
        _factory = factory;
        _serve = serve;
        _log = log;
        _noisyLog = new Accessory.Simulator.Platform.RateLimitedLog(log);
    }

    public bool Tls { get; }

    /// <summary>The bound address and port (the real port once opened, even when 0 was asked for).</summary>
    public IPEndPoint EndPoint
    {
        get
        {
            lock (_gate)
            {
                return _endPoint;
            }
        }
    }

    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _socket is not null;
            }
        }
    }

    public void Open()
    {
        Socket socket;
        lock (_gate)
        {
            if (_socket is not null)
            {
                return;
            }

            socket = _factory?.Invoke(_endPoint) ?? new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                // Reopening right after an outage must not wait out TIME_WAIT of the connections it dropped.
                Accessory.Simulator.Net.ExclusiveBind.AllowRebindAfterRestart(socket);
                socket.Bind(_endPoint);
                socket.Listen(64);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            _endPoint = (IPEndPoint)socket.LocalEndPoint!;
            _socket = socket;
        }

        _ = AcceptLoopAsync(socket);
    }

    public void Close()
    {
        Socket? socket;
        lock (_gate)
        {
            socket = _socket;
            _socket = null;
        }

        socket?.Dispose();
    }

    public void Dispose() => Close();

    private bool IsCurrent(Socket listener)
    {
        lock (_gate)
        {
            return ReferenceEquals(_socket, listener);
        }
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (IsCurrent(listener))
            {
                // Out of file descriptors (EMFILE/ENFILE), a connection reset before accept, no buffers: all pass.
                _noisyLog.Write("accept", LogLevel.Warning, "api", "accept on " + EndPoint + " failed (" + e.SocketErrorCode + ": " + e.Message + "); retrying");
                await Task.Delay(LocalApiLimits.AcceptBackoff).ConfigureAwait(false);
                continue;
            }

            catch (SocketException)
            {
                // The listener was closed (outage, offline, shutdown).
                return;
            }

            if (!Accessory.Simulator.Platform.DescriptorBudget.HasRoom())
            {
                // Near the descriptor limit: closing at once gives back the descriptor this connection just took.
                _noisyLog.Write("fd-budget", LogLevel.Warning, "api", "connection on " + EndPoint + " shed: the process is near its file descriptor limit");
                client.Dispose();
                continue;
            }

            try
            {
                client.NoDelay = true;
            }
            catch (SocketException)
            {
                // Reset between accept and here; serving it will notice.
            }

            _ = ServeSafelyAsync(client);
        }
    }

    private async Task ServeSafelyAsync(Socket client)
    {
        try
        {
            await _serve(client).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One client's failure must never take the server down.
            _noisyLog.Write("connection-failed", LogLevel.Warning, "api", "connection failed: " + e.GetType().Name + ": " + e.Message);
            client.Dispose();
        }
    }
}
