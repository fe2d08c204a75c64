using System.Net.Sockets;

namespace Accessory.Simulator.Tls;

/// <summary>
/// Server side of a TLS connection terminated by OpenSSL, over an accepted socket. Socket I/O is ordinary .NET async
/// I/O; OpenSSL only sees memory buffers. One reader and one writer may run at the same time. Ending is explicit:
/// <see cref="CloseGracefullyAsync"/> sends close_notify, <see cref="Abort"/> sends FIN without it,
/// <see cref="Reset"/> sends RST without it; disposing a stream that was not ended is <see cref="Abort"/>.
/// </summary>
public sealed class TlsServerStream : Stream
{
    private const int ChunkSize = 16 * 1024;
    private const int Open = 0;
    private const int ClosingGracefully = 1;
    private const int Ended = 2;

    // After our FIN, drain the peer's last bytes (its close_notify) until it closes too: closing a socket with unread
    // input makes Linux send RST, which the peer may report instead of the clean or unclean close being simulated.
    private static readonly TimeSpan LingerLimit = TimeSpan.FromSeconds(2);
    private const int LingerMaxReads = 64;

    private readonly Socket _socket;
    private readonly TlsEngine _engine;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly byte[] _receiveBuffer = new byte[ChunkSize];
    private readonly byte[] _sendBuffer = new byte[4 * ChunkSize];
    private int _state = Open;
    private bool _peerEnded;
    private bool _disposed;

    private TlsServerStream(Socket socket, TlsEngine engine)
    {
        _socket = socket;
        _engine = engine;
    }

    /// <summary>"TLSv1.2", "TLSv1.3", ... as OpenSSL names the negotiated version.</summary>
    public string Protocol { get; private set; } = "";

    public bool SessionReused { get; private set; }

    /// <summary>True once a read saw the peer's close_notify; false if the peer just closed TCP.</summary>
    public bool PeerSentCloseNotify { get; private set; }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Runs the server handshake; on failure closes the socket and throws <see cref="TlsHandshakeException"/>.</summary>
    public static async Task<TlsServerStream> AcceptAsync(TlsServerContext context, Socket socket, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(socket);
        TlsEngine engine;
        try
        {
            engine = context.CreateEngine();
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var stream = new TlsServerStream(socket, engine);
        try
        {
            await stream.HandshakeAsync(ct).ConfigureAwait(false);
            return stream;
        }
        catch
        {
            stream.Abort();
            stream.Dispose();
            throw;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        try
        {
            return await ReadCoreAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException && Volatile.Read(ref _state) != Open)
        {
            // Once we ended the connection, a pending read is simply at its end.
            return 0;
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var offset = 0; offset < buffer.Length; offset += ChunkSize)
        {
            if (Volatile.Read(ref _state) != Open)
            {
                throw new IOException("the TLS stream was closed");
            }

            // Chunked so a large write reaches the socket as it is encrypted instead of piling up in OpenSSL.
            var step = _engine.Write(buffer.Span.Slice(offset, Math.Min(ChunkSize, buffer.Length - offset)));
            if (step.Kind != TlsStepKind.Done)
            {
                throw new IOException("TLS write failed: " + step.Reason);
            }

            await SendPendingAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <summary>Writes are sent before WriteAsync completes, so there is nothing to flush.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Sends close_notify, then FIN; the socket is closed in the background once the peer closes (at most 2 s).</summary>
    public async Task CloseGracefullyAsync(CancellationToken ct)
    {
        if (Interlocked.CompareExchange(ref _state, ClosingGracefully, Open) != Open)
        {
            return;
        }

        try
        {
            _engine.SendCloseNotify();
            await SendPendingAsync(ct).ConfigureAwait(false);
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (OperationCanceledException)
        {
            Volatile.Write(ref _state, Ended);
            _socket.Dispose();
            throw;
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            Volatile.Write(ref _state, Ended);
            _socket.Dispose();
            throw new IOException("TLS graceful close failed: " + e.Message, e);
        }

        Volatile.Write(ref _state, Ended);
        _ = LingerThenCloseAsync(CancellationToken.None);
    }

    /// <summary>Fault tls.abort-without-close-notify: TCP FIN with no close_notify (iOS reports -9816).</summary>
    public void Abort()
    {
        if (Interlocked.CompareExchange(ref _state, Ended, Open) != Open)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The peer is already gone; closing below is all that is left to do.
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        _ = LingerThenCloseAsync(CancellationToken.None);
    }

    /// <summary>Fault http.reset: TCP RST with no close_notify.</summary>
    public void Reset()
    {
        if (Interlocked.CompareExchange(ref _state, Ended, Open) != Open)
        {
            return;
        }

        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
            // Already reset by the peer; closing is still right.
        }

        _socket.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            Abort();
            _disposed = true;
            _engine.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task HandshakeAsync(CancellationToken ct)
    {
        while (true)
        {
            var step = _engine.Handshake();

            // Also on failure: the alert OpenSSL queued tells the client why (e.g. protocol_version).
            await SendPendingAsync(ct).ConfigureAwait(false);
            switch (step.Kind)
            {
                case TlsStepKind.Done:
                    Protocol = _engine.Protocol;
                    SessionReused = _engine.SessionReused;
                    return;
                case TlsStepKind.NeedsInput:
                    if (await ReceiveAsync(ct).ConfigureAwait(false) == 0)
                    {
                        throw new TlsHandshakeException("TLS handshake failed: the client closed the connection");
                    }

                    break;
                default:
                    throw new TlsHandshakeException("TLS handshake failed: " + step.Reason);
            }
        }
    }

    private async Task<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken ct)
    {
        while (!_peerEnded)
        {
            var step = _engine.Read(buffer.Span);

            // Reading can produce records to send (e.g. a TLS 1.3 KeyUpdate reply).
            await SendPendingAsync(ct).ConfigureAwait(false);
            switch (step.Kind)
            {
                case TlsStepKind.Done:
                    return step.Count;
                case TlsStepKind.PeerClosed:
                    PeerSentCloseNotify = true;
                    _peerEnded = true;
                    break;
                case TlsStepKind.NeedsInput:
                    _peerEnded = await ReceiveAsync(ct).ConfigureAwait(false) == 0;
                    break;
                default:
                    throw new IOException("TLS read failed: " + step.Reason);
            }
        }

        return 0;
    }

    /// <summary>Receives once from the socket into OpenSSL; 0 when the peer closed TCP.</summary>
    private async Task<int> ReceiveAsync(CancellationToken ct)
    {
        int count;
        try
        {
            count = await _socket.ReceiveAsync(_receiveBuffer, SocketFlags.None, ct).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new IOException("TLS receive failed: " + e.Message, e);
        }

        if (count > 0)
        {
            _engine.Feed(_receiveBuffer.AsSpan(0, count));
        }

        return count;
    }

    /// <summary>
    /// Sends whatever ciphertext OpenSSL has queued. Taking and sending under one gate keeps records in order when the
    /// reader and the writer both produce output.
    /// </summary>
    private async Task SendPendingAsync(CancellationToken ct)
    {
        await _sendGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            int count;
            while (Volatile.Read(ref _state) != Ended && (count = _engine.TakeOutgoing(_sendBuffer)) > 0)
            {
                await SendAllAsync(_sendBuffer.AsMemory(0, count), ct).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private async Task SendAllAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        try
        {
            while (!bytes.IsEmpty)
            {
                var sent = await _socket.SendAsync(bytes, SocketFlags.None, ct).ConfigureAwait(false);
                bytes = bytes[sent..];
            }
        }
        catch (SocketException e)
        {
            throw new IOException("TLS send failed: " + e.Message, e);
        }
    }

    private async Task LingerThenCloseAsync(CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(LingerLimit);
        var scratch = new byte[ChunkSize];
        try
        {
            for (var i = 0; i < LingerMaxReads; i++)
            {
                if (await _socket.ReceiveAsync(scratch, SocketFlags.None, limit.Token).ConfigureAwait(false) == 0)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Lingering is a courtesy; the socket is closed either way.
        }
        finally
        {
            _socket.Dispose();
        }
    }
}
