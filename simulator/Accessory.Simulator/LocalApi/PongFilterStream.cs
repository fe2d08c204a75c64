namespace Accessory.Simulator.LocalApi;

/// <summary>
/// Sits under the server's WebSocket and, while <c>dropPongs</c> says so, removes the pong frames it writes (fault
/// ws.no-pong). The core's WebSocketServerSession answers pings itself and hands back one reply that may hold
/// pongs and a close frame together, so the pongs are picked out on the wire: outgoing bytes are parsed frame by
/// frame (server frames are unmasked), so frames split across writes are handled.
/// </summary>
internal sealed class PongFilterStream : Stream
{
    private const int PongOpcode = 0xA;
    private readonly Stream _inner;
    private readonly Func<bool> _dropPongs;
    private readonly byte[] _header = new byte[14];
    private int _headerLength;
    private long _payloadLeft;
    private bool _dropping;

    public PongFilterStream(Stream inner, Func<bool> dropPongs)
    {
        _inner = inner;
        _dropPongs = dropPongs;
    }

    /// <summary>Pong frames withheld so far.</summary>
    public int DroppedPongs { get; private set; }

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => _inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var kept = new List<ReadOnlyMemory<byte>>();
        int at = 0;
        while (at < buffer.Length)
        {
            if (_payloadLeft > 0)
            {
                int take = (int)Math.Min(_payloadLeft, buffer.Length - at);
                if (!_dropping)
                {
                    kept.Add(buffer.Slice(at, take));
                }

                _payloadLeft -= take;
                at += take;
                continue;
            }

            _header[_headerLength++] = buffer.Span[at++];
            int needed = HeaderLength();
            if (_headerLength < needed)
            {
                continue;
            }

            _payloadLeft = PayloadLength();
            _dropping = (_header[0] & 0x0F) == PongOpcode && _dropPongs();
            if (_dropping)
            {
                DroppedPongs++;
            }
            else
            {
                kept.Add(_header.AsMemory(0, _headerLength).ToArray());
            }

            _headerLength = 0;
        }

        foreach (var piece in kept)
        {
            await _inner.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
        }
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    // Header length known so far: 2 bytes, plus 2 or 8 for extended lengths, plus 4 if masked.
    private int HeaderLength()
    {
        if (_headerLength < 2)
        {
            return 2;
        }

        int length7 = _header[1] & 0x7F;
        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        int mask = (_header[1] & 0x80) != 0 ? 4 : 0;
        return 2 + extended + mask;
    }

    private long PayloadLength()
    {
        int length7 = _header[1] & 0x7F;
        if (length7 == 126)
        {
            return (_header[2] << 8) | _header[3];
        }

        if (length7 == 127)
        {
            long value = 0;
            for (int i = 2; i < 10; i++)
            {
                value = (value << 8) | _header[i];
            }

            return value;
        }

        return length7;
    }
}
