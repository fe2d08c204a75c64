using System.Net;
using System.Net.Sockets;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>
/// A loopback TCP relay to a broker that can be cut with a reset, which the broker sees exactly as it sees a device
/// whose process died or lost power: no DISCONNECT, so its Last Will is published. While the broker is down, or while
/// <see cref="Refusing"/> is set, a client's connection is reset at once, as a refused connect looks to it.
/// </summary>
internal sealed class CuttableTcpProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly List<Socket> _sockets = new();
    private readonly object _gate = new();

    public CuttableTcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Holds clients off (each new connection is reset) so a test decides when they may reach the broker again.</summary>
    public bool Refusing { get; set; }

    public void Cut()
    {
        lock (_gate)
        {
            foreach (var socket in _sockets)
            {
                Reset(socket);
            }

            _sockets.Clear();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        Cut();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var inbound = await _listener.AcceptSocketAsync().ConfigureAwait(false);
                var outbound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                if (Refusing || !await TryConnectAsync(outbound).ConfigureAwait(false))
                {
                    outbound.Dispose();
                    Reset(inbound);
                    continue;
                }

                lock (_gate)
                {
                    _sockets.Add(inbound);
                    _sockets.Add(outbound);
                }

                _ = PumpAsync(inbound, outbound);
                _ = PumpAsync(outbound, inbound);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Listener stopped.
        }
    }

    private async Task<bool> TryConnectAsync(Socket outbound)
    {
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _targetPort).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Cut or closed: the other pump sees it too.
        }
    }
}
