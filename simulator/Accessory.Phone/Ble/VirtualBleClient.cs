using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Accessory.Phone.Ble;

/// <summary>
/// A phone (BLE central) on the simulator's virtual link: one socket is one connection. It does what a phone's BLE
/// stack does for an app: MTU exchange, discovery, long reads and long writes in MTU-sized pieces, subscriptions.
/// </summary>
public sealed class VirtualBleClient : IAsyncDisposable
{
    /// <summary>ATT's largest attribute value; a longer read means a broken device, not a longer loop.</summary>
    public const int MaxValueLength = 512;

    private const int DefaultMtu = 23;
    private const int UserDescription = 0x2901;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<LinkFrame>> _pending = new();
    private readonly Channel<BleNotification> _notifications =
        Channel.CreateBounded<BleNotification>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });

    private readonly CancellationTokenSource _closing = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;
    private volatile string? _closed;
    private static readonly TimeSpan ClosingReasonWait = TimeSpan.FromSeconds(1);
    private string? _refusal;

    private VirtualBleClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    public event EventHandler<BleNotification>? NotificationReceived;

    public ScannedAdvertisement Advertisement { get; private set; } = new("", [], new Dictionary<string, byte[]>());

    public int Mtu { get; private set; } = DefaultMtu;

    /// <summary>The discovered table; empty until <see cref="DiscoverAsync"/>.</summary>
    public IReadOnlyList<RemoteService> Services { get; private set; } = [];

    /// <summary>Notifications in arrival order (the oldest are dropped when 256 wait unread).</summary>
    public ChannelReader<BleNotification> Notifications => _notifications.Reader;

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Connects and says hello, so <see cref="Advertisement"/> holds what a scan would have shown.</summary>
    public static async Task<VirtualBleClient> ConnectAsync(string socketPath, CancellationToken cancel = default)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancel).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var client = new VirtualBleClient(socket);
        client._receiving = client.ReceiveAsync();
        try
        {
            var hello = await client.RequestAsync(LinkFrameCodec.Hello, [], cancel).ConfigureAwait(false);
            client.Advertisement = Parsed<ScannedAdvertisement>(LinkFrameCodec.TryParseAdvertisement(hello, out var ad, out var error), ad, error, "hello");
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<int> ExchangeMtuAsync(int mtu, CancellationToken cancel = default)
    {
        var reply = await RequestAsync(LinkFrameCodec.ExchangeMtu, [(byte)(mtu >> 8), (byte)mtu], cancel).ConfigureAwait(false);
        if (reply.Length != 2)
        {
            throw new BleLinkException($"exchange MTU: the reply has {reply.Length} bytes, not 2");
        }

        Mtu = (reply[0] << 8) | reply[1];
        return Mtu;
    }

    public async Task<IReadOnlyList<RemoteService>> DiscoverAsync(CancellationToken cancel = default)
    {
        var table = await RequestAsync(LinkFrameCodec.Discover, [], cancel).ConfigureAwait(false);
        Services = Parsed<IReadOnlyList<RemoteService>>(LinkFrameCodec.TryParseDiscovery(table, out var services, out var error), services, error, "discover");
        return Services;
    }

    /// <summary>Reads a whole value: a long read at growing offsets while a reply fills MTU - 3 bytes.</summary>
    public async Task<byte[]> ReadAsync(int handle, CancellationToken cancel = default)
    {
        using var value = new MemoryStream();
        while (true)
        {
            int offset = (int)value.Length;
            var piece = await RequestAsync(LinkFrameCodec.Read, [.. U16(handle), .. U16(offset)], cancel).ConfigureAwait(false);
            value.Write(piece);
            if (value.Length > MaxValueLength)
            {
                throw new BleLinkException($"read of handle {handle}: the value exceeds ATT's {MaxValueLength}-byte maximum");
            }

            // The device slices by MTU - 3; a stack that answers with MTU - 1 also passes this test, costing one
            // empty read at the end.
            if (piece.Length == 0 || piece.Length < Mtu - 3)
            {
                return value.ToArray();
            }
        }
    }

    /// <summary>Writes a whole value: one write when it fits MTU - 3 bytes, else pieces of that size at offsets.</summary>
    public async Task WriteAsync(int handle, byte[] data, bool withResponse = true, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length > MaxValueLength)
        {
            throw new ArgumentException($"a value is at most {MaxValueLength} bytes", nameof(data));
        }

        int chunk = Mtu - 3;
        int offset = 0;
        do
        {
            int length = Math.Min(chunk, data.Length - offset);
            byte[] payload = [.. U16(handle), .. U16(offset), (byte)(withResponse ? 0 : 1), .. data.AsSpan(offset, length)];
            if (withResponse)
            {
                await RequestAsync(LinkFrameCodec.Write, payload, cancel).ConfigureAwait(false);
            }
            else
            {
                await SendAsync(LinkFrameCodec.Request(LinkFrameCodec.Write, NextId(), payload), cancel).ConfigureAwait(false);
            }

            offset += length;
        }
        while (offset < data.Length);
    }

    public async Task SubscribeAsync(int valueHandle, bool on = true, CancellationToken cancel = default) =>
        await RequestAsync(LinkFrameCodec.Subscribe, [.. U16(valueHandle), (byte)(on ? 1 : 0)], cancel).ConfigureAwait(false);

    /// <summary>The first discovered characteristic with this UUID (full or 4-digit short form); null when none.</summary>
    public RemoteCharacteristic? FindCharacteristic(string uuid)
    {
        string? wanted = UuidText.Normalize(uuid);
        return Services.SelectMany(s => s.Characteristics).FirstOrDefault(c => c.Uuid == wanted);
    }

    /// <summary>
    /// The characteristic whose 0x2901 user description reads <paramref name="name"/>: how Espressif's apps find the
    /// provisioning endpoints ("prov-session", "prov-config", ...). Discovers first when nothing is discovered yet.
    /// </summary>
    public async Task<RemoteCharacteristic?> FindCharacteristicByDescriptionAsync(string name, CancellationToken cancel = default)
    {
        if (Services.Count == 0)
        {
            await DiscoverAsync(cancel).ConfigureAwait(false);
        }

        string description = UuidText.FromShort(UserDescription);
        foreach (var characteristic in Services.SelectMany(s => s.Characteristics))
        {
            foreach (var descriptor in characteristic.Descriptors.Where(d => d.Uuid == description))
            {
                var text = await ReadAsync(descriptor.Handle, cancel).ConfigureAwait(false);
                if (Encoding.UTF8.GetString(text) == name)
                {
                    return characteristic;
                }
            }
        }

        return null;
    }

    public async Task DisconnectAsync(CancellationToken cancel = default)
    {
        await RequestAsync(LinkFrameCodec.Disconnect, [], cancel).ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_closing.IsCancellationRequested)
        {
            return;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone from the other side.
        }

        await _receiving.ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        _sending.Dispose();
    }

    private static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];

    private static T Parsed<T>(bool ok, T? value, string error, string what)
        where T : class =>
        ok ? value! : throw new BleLinkException($"{what}: malformed reply from the device: {error}");

    private int NextId()
    {
        // Ids are 16-bit and 0 is what notifications carry, so wrap to 1.
        int id = Interlocked.Increment(ref _nextId) & 0xFFFF;
        return id == 0 ? NextId() : id;
    }

    private async Task<byte[]> RequestAsync(int opcode, byte[] payload, CancellationToken cancel)
    {
        int id = NextId();
        var reply = new TaskCompletionSource<LinkFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        try
        {
            if (_closed != null)
            {
                throw new BleLinkException(_closed);
            }

            await SendAsync(LinkFrameCodec.Request(opcode, id, payload), cancel).ConfigureAwait(false);
            var frame = await reply.Task.WaitAsync(RequestTimeout, cancel).ConfigureAwait(false);
            if (frame.IsError)
            {
                throw new BleLinkException($"the device refused the request: {frame.Message}", frame.Status);
            }

            if (frame.Opcode != (opcode | 0x80))
            {
                throw new BleLinkException($"request 0x{opcode:x2} was answered with opcode 0x{frame.Opcode:x2}");
            }

            if (frame.Status != 0)
            {
                throw new BleLinkException($"request 0x{opcode:x2}: ATT error 0x{frame.Status:x2}", frame.Status);
            }

            return frame.Payload;
        }
        catch (TimeoutException e)
        {
            throw new BleLinkException($"request 0x{opcode:x2}: no reply within {RequestTimeout}", e);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task SendAsync(byte[] frame, CancellationToken cancel)
    {
        await _sending.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(frame, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The device may have said why before it closed: that reason is still being read, so wait a moment for it.
            await Task.WhenAny(_receiving, Task.Delay(ClosingReasonWait, CancellationToken.None)).ConfigureAwait(false);
            throw new BleLinkException(_closed ?? "the link is closed", e);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task ReceiveAsync()
    {
        string reason = "the device closed the link";
        try
        {
            var header = new byte[LinkFrameCodec.HeaderSize];
            while (!_closing.IsCancellationRequested)
            {
                if (await _stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, _closing.Token).ConfigureAwait(false) < header.Length)
                {
                    break;
                }

                int length = LinkFrameCodec.BodyLength(header);
                if (length < 0)
                {
                    reason = $"the device sent a frame length outside {LinkFrameCodec.MinBody}..{LinkFrameCodec.MaxBody}";
                    break;
                }

                var body = new byte[length];
                await _stream.ReadExactlyAsync(body, _closing.Token).ConfigureAwait(false);
                if (!LinkFrameCodec.TryDecode(body, out var frame, out var error))
                {
                    reason = "the device sent a malformed frame: " + error;
                    break;
                }

                Dispatch(frame!);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or EndOfStreamException or ObjectDisposedException)
        {
            reason = "the link broke: " + e.Message;
        }

        _closed = _refusal ?? reason;
        _notifications.Writer.TryComplete();
        FailAll(_closed);
    }

    private void Dispatch(LinkFrame frame)
    {
        if (frame.IsNotification)
        {
            if (LinkFrameCodec.TryParseNotification(frame.Payload, out var notification, out _))
            {
                _notifications.Writer.TryWrite(notification!);
                NotificationReceived?.Invoke(this, notification!);
            }

            return;
        }

        if (_pending.TryGetValue(frame.Id, out var waiting))
        {
            waiting.TrySetResult(frame);
        }
        else if (frame.IsError)
        {
            // Id 0: the device refused something it could not attribute (e.g. too many connections). Kept as the
            // reason the link ends, since the refusal may arrive before the first request is even sent.
            _refusal = "the device refused the link: " + frame.Message;
            FailAll(_refusal);
        }
    }

    private void FailAll(string reason)
    {
        foreach (var waiting in _pending.Values)
        {
            waiting.TrySetException(new BleLinkException(reason));
        }
    }
}
