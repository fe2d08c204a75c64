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

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            client.NoDelay = true;
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
            _log.Write(LogLevel.Warning, "api", "connection failed: " + e.GetType().Name + ": " + e.Message);
            client.Dispose();
        }
    }
}
