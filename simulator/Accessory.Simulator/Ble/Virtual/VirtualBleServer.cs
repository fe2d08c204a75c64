using System.Collections.Concurrent;
using System.Net.Sockets;
using Accessory.Core.Ble;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Ble.Virtual;

/// <summary>
/// Serves a GATT database over a Unix domain socket (docs/ble-virtual-link.md): the BLE transport where there is no
/// Bluetooth controller. Each accepted socket is one connection; a misbehaving client only loses its own socket.
/// </summary>
public sealed class VirtualBleServer : IAsyncDisposable
{
    private const string Component = "ble-virtual";
    private readonly GattServer _gatt;
    private volatile byte[] _advertisement;
    private readonly ILog _log;
    private readonly VirtualLinkLimits _limits;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, Task> _connections = new();
    private readonly ConcurrentDictionary<int, VirtualBleConnection> _live = new();
    private Socket? _listener;
    private Task? _accepting;
    private int _disposed;

    public VirtualBleServer(GattServer gatt, VirtualAdvertisement advertisement, string socketPath, ILog log, VirtualLinkLimits? limits = null)
    {
        _gatt = gatt ?? throw new ArgumentNullException(nameof(gatt));
        _advertisement = VirtualGattEncoding.Advertisement(advertisement);
        SocketPath = socketPath ?? throw new ArgumentNullException(nameof(socketPath));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _limits = limits ?? new VirtualLinkLimits();
    }

    public string SocketPath { get; }

    /// <summary>Replaces what a scan sees (e.g. Improv's state in its service data); connections made from now on see it.</summary>
    public void Advertise(VirtualAdvertisement advertisement) => _advertisement = VirtualGattEncoding.Advertisement(advertisement);

    public int ConnectionCount => _connections.Count;

    /// <summary>Asked before each GATT write on any connection; true drops that connection instead of answering.</summary>
    public Func<bool>? DropOnWrite { get; set; }

    /// <summary>Drops every open connection as a link loss would (ble.disconnect); returns how many.</summary>
    public int DropConnections()
    {
        int dropped = 0;
        foreach (var connection in _live.Values)
        {
            connection.Drop();
            dropped++;
        }

        return dropped;
    }

    public Task StartAsync(CancellationToken cancel = default)
    {
        cancel.ThrowIfCancellationRequested();
        if (_listener != null)
        {
            throw new InvalidOperationException("the virtual BLE server is already started");
        }

        // A socket file left by a killed simulator would make bind fail; it is ours by path convention.
        File.Delete(SocketPath);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
            listener.Listen(_limits.MaxConnections);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        _accepting = AcceptAsync(listener, _stop.Token);
        _log.Write(LogLevel.Information, Component, $"serving GATT on {SocketPath}");
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_accepting != null)
        {
            await _accepting.ConfigureAwait(false);
        }

        await Task.WhenAll(_connections.Values).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        if (_listener != null)
        {
            File.Delete(SocketPath);
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(Socket listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (_connections.Count >= _limits.MaxConnections)
            {
                await TurnAwayAsync(socket).ConfigureAwait(false);
                continue;
            }

            var connection = new VirtualBleConnection(socket, _gatt, _advertisement, _log, _limits, () => DropOnWrite?.Invoke() == true);
            _live[connection.Id] = connection;
            _log.Write(LogLevel.Information, Component, $"connection {connection.Id} opened");
            // Registered before it starts, so a connection that ends at once still removes its own entry.
            var run = new Task<Task>(() => ServeAsync(connection, stop));
            _connections[connection.Id] = run.Unwrap();
            run.Start(TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(VirtualBleConnection connection, CancellationToken stop)
    {
        try
        {
            await connection.RunAsync(stop).ConfigureAwait(false);
        }
        finally
        {
            _live.TryRemove(connection.Id, out _);
            _connections.TryRemove(connection.Id, out _);
        }
    }

    private async Task TurnAwayAsync(Socket socket)
    {
        using (socket)
        {
            var error = new VirtualFrameError(0, GattStatus.InsufficientResources, 0, $"the device accepts {_limits.MaxConnections} connections at once");
            _log.Write(LogLevel.Warning, Component, error.Message + "; refused one more");
            try
            {
                await socket.SendAsync(VirtualFrameCodec.ErrorFrame(error)).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // It left already; nothing to tell it.
            }
        }
    }
}
