using System.Net.Sockets;
using System.Threading.Channels;
using Accessory.Core.Ble;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Ble.Virtual;

/// <summary>
/// One accepted socket as one BLE connection: reads request frames in order, answers them through the GATT server,
/// and is the <see cref="IGattPeer"/> its notifications go to. Responses and notifications share one outbound queue,
/// so a notification never lands inside another frame.
/// </summary>
internal sealed class VirtualBleConnection : IGattPeer
{
    private const string Component = "ble-virtual";
    private readonly Socket _socket;
    private readonly GattServer _gatt;
    private readonly byte[] _advertisement;
    private readonly ILog _log;
    private readonly VirtualLinkLimits _limits;
    private readonly Channel<byte[]> _outbound;
    private readonly GattConnection _connection;
    private readonly Func<bool> _dropOnWrite;
    private volatile bool _dropped;

    /// <param name="dropOnWrite">Asked before each write is handled; true drops the link instead (ble.disconnect).</param>
    public VirtualBleConnection(Socket socket, GattServer gatt, byte[] advertisement, ILog log, VirtualLinkLimits limits, Func<bool>? dropOnWrite = null)
    {
        _dropOnWrite = dropOnWrite ?? (() => false);
        _socket = socket;
        _gatt = gatt;
        _advertisement = advertisement;
        _log = log;
        _limits = limits;
        _outbound = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(limits.OutboundQueue) { SingleReader = true });
        _connection = gatt.Connect(this);
    }

    public int Id => _connection.Id;

    /// <summary>
    /// Ends the link as a radio link loss would: at once, with nothing queued sent and no answer to what is pending.
    /// </summary>
    public void Drop()
    {
        _dropped = true;
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
    }

    public void Notify(int valueHandle, byte[] value)
    {
        if (!_outbound.Writer.TryWrite(VirtualFrameCodec.Notification(valueHandle, value)))
        {
            _log.Write(LogLevel.Warning, Component, $"connection {Id}: notification on handle {valueHandle} dropped, the client is not reading");
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        using var stream = new NetworkStream(_socket, ownsSocket: true);
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var drain = new CancellationTokenSource();
        var sending = SendAsync(stream, lifetime, drain.Token);
        try
        {
            await ReceiveAsync(stream, lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or EndOfStreamException or ChannelClosedException)
        {
            // The client went away, went silent past the idle timeout, or the server is stopping: all mean disconnect.
        }
        finally
        {
            _gatt.Disconnect(_connection);
            _outbound.Writer.TryComplete();

            // What the device sent before it decided to close (say the Improv result before BLE restarts) still goes
            // out, within a bound, so a client that stopped reading cannot hold the close up.
            drain.CancelAfter(_dropped ? TimeSpan.Zero : _limits.DrainTimeout);
            await sending.ConfigureAwait(false);
            _log.Write(LogLevel.Information, Component, $"connection {Id} " + (_dropped ? "dropped (fault ble.disconnect)" : "closed"));
        }
    }

    private async Task ReceiveAsync(NetworkStream stream, CancellationToken stop)
    {
        var header = new byte[VirtualFrameCodec.HeaderSize];
        while (!stop.IsCancellationRequested)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(stop);
            idle.CancelAfter(_limits.IdleTimeout);
            int first = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, idle.Token).ConfigureAwait(false);
            if (first < header.Length)
            {
                return;
            }

            int length = VirtualFrameCodec.ReadLength(header, out var lengthError);
            if (lengthError != null)
            {
                // The stream cannot be resynchronised after a bad length: say why, then hang up.
                await Refuse(lengthError, stop).ConfigureAwait(false);
                return;
            }

            var body = new byte[length];
            await stream.ReadExactlyAsync(body, idle.Token).ConfigureAwait(false);
            var decoded = VirtualFrameCodec.Decode(body);
            if (decoded.Error != null)
            {
                await Refuse(decoded.Error, stop).ConfigureAwait(false);
                continue;
            }

            var request = decoded.Request!;
            var response = AnswerGuarded(request);
            if (response != null)
            {
                await _outbound.Writer.WriteAsync(response, stop).ConfigureAwait(false);
            }

            if (request.Opcode == VirtualOpcode.Disconnect)
            {
                return;
            }
        }
    }

    private async Task Refuse(VirtualFrameError error, CancellationToken stop)
    {
        Accessory.Simulator.Platform.RateLimitedLog.For(_log).Write("ble-malformed", LogLevel.Warning, Component, $"connection {Id}: malformed frame: {error.Message}");
        await _outbound.Writer.WriteAsync(VirtualFrameCodec.ErrorFrame(error), stop).ConfigureAwait(false);
    }

    // A characteristic handler that throws is a device bug; the central sees an ATT error, the link stays up.
    private byte[]? AnswerGuarded(VirtualRequest request)
    {
        try
        {
            return Answer(request);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.Write(LogLevel.Error, Component, $"connection {Id}: {request.Opcode} on handle {request.Handle} threw {e.GetType().Name}: {e.Message}");
            return request.WithoutResponse ? null : Respond(request, GattStatus.UnlikelyError, []);
        }
    }

    private byte[]? Answer(VirtualRequest request)
    {
        switch (request.Opcode)
        {
            case VirtualOpcode.Hello:
                return Respond(request, GattStatus.Success, _advertisement);
            case VirtualOpcode.ExchangeMtu:
                int mtu = _gatt.ExchangeMtu(_connection, request.Mtu);
                return Respond(request, GattStatus.Success, [(byte)(mtu >> 8), (byte)mtu]);
            case VirtualOpcode.Discover:
                var table = VirtualGattEncoding.Discovery(_gatt.Database);
                return table.Length > VirtualFrameCodec.MaxBody - 4
                    ? Respond(request, GattStatus.InsufficientResources, [])
                    : Respond(request, GattStatus.Success, table);
            case VirtualOpcode.Read:
                var read = _gatt.Read(_connection, request.Handle, request.Offset);
                return Respond(request, read.Status, read.Value);
            case VirtualOpcode.Write:
                return Write(request);
            case VirtualOpcode.Subscribe:
                return Respond(request, _gatt.Subscribe(_connection, request.Handle, request.On), []);
            default:
                return Respond(request, GattStatus.Success, []);
        }
    }

    private byte[]? Write(VirtualRequest request)
    {
        if (_dropOnWrite())
        {
            Drop();
            return null;
        }

        // As over the air: one ATT write carries at most MTU - 3 bytes; longer values go in pieces at offsets.
        var status = request.Data.Length > _connection.MaxValueChunk
            ? GattStatus.InvalidAttributeValueLength
            : _gatt.Write(_connection, request.Handle, request.Offset, request.Data);
        if (!request.WithoutResponse)
        {
            return Respond(request, status, []);
        }

        if (status != GattStatus.Success)
        {
            Accessory.Simulator.Platform.RateLimitedLog.For(_log).Write("ble-write-failed", LogLevel.Warning, Component, $"connection {Id}: write without response to handle {request.Handle} failed: {status}");
        }

        return null;
    }

    private static byte[] Respond(VirtualRequest request, GattStatus status, ReadOnlySpan<byte> payload) =>
        VirtualFrameCodec.Response(request.Opcode, request.Id, status, payload);

    // Runs until the queue is completed and empty (the connection is closing), the peer cannot be written to, or the
    // drain bound after closing passes.
    private async Task SendAsync(NetworkStream stream, CancellationTokenSource lifetime, CancellationToken drain)
    {
        try
        {
            await foreach (var frame in _outbound.Reader.ReadAllAsync(drain).ConfigureAwait(false))
            {
                await stream.WriteAsync(frame, drain).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // A peer that cannot be written to is gone; stop reading from it too.
            await lifetime.CancelAsync().ConfigureAwait(false);
        }
    }
}
