using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Mqtt;

/// <summary>
/// The embedded broker's public listener. MQTTnet reserves a packet's announced size before it reads it, and it
/// reads CONNECT before anyone is authenticated, so one client announcing 256 MB costs 256 MB. This gate owns the
/// configured address and port (exclusively: no SO_REUSEPORT), reads each connection's first fixed header, and only
/// when it is a CONNECT of at most <see cref="MaxConnectBytes"/> relays the connection to MQTTnet on a loopback port.
/// </summary>
internal sealed class BrokerFrontGate : IAsyncDisposable
{
    /// <summary>The largest CONNECT let through (client id, will and credentials fit many times over).</summary>
    public const int MaxConnectBytes = 64 * 1024;

    /// <summary>
    /// What one relay step holds, and only while bytes are in flight: MQTT packets of a device are small, and a
    /// stream copy's default 80 KB buffer (rented as 128 KB, in the large object heap) per direction made 5,000 idle
    /// links cost ~600 MB and left ~9 MB of such buffers pooled after they had gone.
    /// </summary>
    internal const int RelayBufferBytes = 8 * 1024;

    /// <summary>
    /// The accept queue asked for, on the gate's listener and on MQTTnet's loopback one behind it; the kernel caps it at
    /// net.core.somaxconn (4096 by default since Linux 5.4). With 64 here and MQTTnet's default of 100, a burst of
    /// 5,000 links overflowed both queues (TcpExtListenOverflows 13,000 in one cycle): the kernel dropped the
    /// handshakes it could not queue, let their requests expire, and then answered the client's first bytes with a
    /// reset, so 4-9% of the links failed with "connection closed" before their CONNACK.
    /// </summary>
    internal const int ListenBacklog = 65535;

    private static readonly TimeSpan HeaderTimeout = TimeSpan.FromSeconds(10);

    // How long one side of a relay may take to close after the other ended, before both sockets are closed anyway.
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);
    private readonly Socket _listener;
    private readonly IPEndPoint _inner;
    private readonly Action<BrokerFrontGate>? _idle;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<Socket> _open = [];
    private readonly object _gate = new();
    private readonly Task _acceptLoop;
    private int _connections;
    private long _accepted;

    private BrokerFrontGate(Socket listener, IPEndPoint inner, Action<BrokerFrontGate>? idle)
    {
        _listener = listener;
        _inner = inner;
        _idle = idle;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Client connections open now (being checked or relayed); every client of the broker is one of them.</summary>
    public int OpenConnections => Volatile.Read(ref _connections);

    /// <summary>Client connections accepted since the start: changes whenever anyone arrives.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <param name="idle">Called each time the last open client connection has closed (on a pool thread).</param>
    /// <exception cref="SocketException">The public port is taken.</exception>
    public static BrokerFrontGate Start(IPEndPoint publicEndPoint, IPEndPoint inner, Action<BrokerFrontGate>? idle = null) =>
        new(ExclusiveBind.Listen(publicEndPoint, ListenBacklog), inner, idle);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();

        // Clients and MQTTnet get an orderly end of stream (a broker going down, not a reset); each relay then closes its
        // own sockets. Whatever is still open after the grace is closed here.
        Socket[] open;
        lock (_gate)
        {
            open = [.. _open];
        }

        foreach (var socket in open)
        {
            Wake(socket);
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (OpenConnections > 0 && waited.Elapsed < CloseGrace)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }

        lock (_gate)
        {
            foreach (var socket in _open)
            {
                socket.Dispose();
            }

            _open.Clear();
        }

        await _acceptLoop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>The remaining length a fixed header announces, or -1 while it is incomplete, or -2 when it is malformed.</summary>
    internal static int RemainingLength(ReadOnlySpan<byte> header)
    {
        int value = 0;
        for (int i = 1; i < header.Length && i <= 4; i++)
        {
            value |= (header[i] & 0x7F) << (7 * (i - 1));
            if ((header[i] & 0x80) == 0)
            {
                return value;
            }
        }

        return header.Length > 4 ? -2 : -1;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100).ConfigureAwait(false);
                continue;
            }

            Interlocked.Increment(ref _accepted);
            Interlocked.Increment(ref _connections);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        // Every socket call here reports failure as a result (QuietSocketOperation): clients vanish mid-handshake all
        // the time, and an exception per vanished client cost CPU and, under load, pages the process kept.
        var up = new QuietSocketOperation();
        QuietSocketOperation? down = null;
        Socket? inner = null;
        try
        {
            if (!Track(client))
            {
                return;
            }

            var header = new byte[5];
            int have = 0;
            using (var timeout = new CancellationTokenSource(HeaderTimeout))
            using (timeout.Token.UnsafeRegister(static s => Wake((Socket)s!), client))
            {
                while (true)
                {
                    // A socket shut down (the timeout, or the gate stopping) ends the receive.
                    int read = await up.ReceiveAsync(client, header.AsMemory(have, 1)).ConfigureAwait(false);
                    if (read <= 0)
                    {
                        return;
                    }

                    have++;
                    if (have == 1 && (header[0] & 0xF0) != 0x10)
                    {
                        return;
                    }

                    int length = have >= 2 ? RemainingLength(header.AsSpan(0, have)) : -1;
                    if (length == -2 || length > MaxConnectBytes)
                    {
                        return;
                    }

                    if (length >= 0)
                    {
                        break;
                    }
                }
            }

            inner = new Socket(_inner.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            if (!Track(inner)
                || await up.ConnectAsync(inner, _inner).ConfigureAwait(false) == QuietSocketOperation.Failed
                || !await up.SendAllAsync(inner, header.AsMemory(0, have)).ConfigureAwait(false))
            {
                return;
            }

            down = new QuietSocketOperation();
            var upward = PumpAsync(up, client, inner);
            var downward = PumpAsync(down, inner, client);
            var first = await Task.WhenAny(upward, downward).ConfigureAwait(false);

            // The direction that ended passed its end on as a half-close, so the other side closes in turn (MQTTnet after
            // the client's FIN or reset, the client after MQTTnet's). Only a side that does not within the grace is woken
            // by a full shutdown. No socket is closed while a receive is pending on it: that close would be abortive and
            // reset the peer (MQTTnet's next call on it would then fail at once).
            var second = first == upward ? downward : upward;
            if (await Task.WhenAny(second, Task.Delay(CloseGrace)).ConfigureAwait(false) != second)
            {
                Wake(client);
                Wake(inner);
            }

            await second.ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // No socket for MQTTnet's side (descriptors exhausted) or the gate stopping: this connection ends, the gate
            // keeps serving.
        }
        finally
        {
            client.Dispose();
            inner?.Dispose();
            up.Dispose();
            down?.Dispose();
            Untrack(client);
            if (inner is not null)
            {
                Untrack(inner);
            }

            if (Interlocked.Decrement(ref _connections) == 0 && !_stopping.IsCancellationRequested)
            {
                _idle?.Invoke(this);
            }
        }
    }

    // Relays until `from` ends its stream, fails or is shut down, or `to` fails; then half-closes `to`.
    private static async Task PumpAsync(QuietSocketOperation operation, Socket from, Socket to)
    {
        while (true)
        {
            // A zero-byte receive waits for data without a buffer, so an idle link holds none.
            if (await operation.ReceiveAsync(from, Memory<byte>.Empty).ConfigureAwait(false) == QuietSocketOperation.Failed)
            {
                break;
            }

            byte[] buffer = ArrayPool<byte>.Shared.Rent(RelayBufferBytes);
            try
            {
                int read = await operation.ReceiveAsync(from, buffer.AsMemory(0, RelayBufferBytes)).ConfigureAwait(false);
                if (read <= 0 || !await operation.SendAllAsync(to, buffer.AsMemory(0, read)).ConfigureAwait(false))
                {
                    break;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        Shutdown(to, SocketShutdown.Send);
    }

    // Ends a relayed connection in both directions without closing the socket: its pending receives return.
    private static void Wake(Socket socket) => Shutdown(socket, SocketShutdown.Both);

    private static void Shutdown(Socket socket, SocketShutdown how)
    {
        try
        {
            socket.Shutdown(how);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already reset or closed: nothing left to tell.
        }
    }

    // False (and the socket closed) once the gate is stopping: its stop has already ended every socket it knew of.
    private bool Track(Socket socket)
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                socket.Dispose();
                return false;
            }

            _open.Add(socket);
            return true;
        }
    }

    private void Untrack(Socket socket)
    {
        lock (_gate)
        {
            // A storm grows the set to thousands of slots; give them back once the last connection is gone.
            if (_open.Remove(socket) && _open.Count == 0)
            {
                _open.TrimExcess();
            }
        }
    }
}
