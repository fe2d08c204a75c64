namespace Accessory.Simulator.Http;

/// <summary>
/// The byte side of reading HTTP/1.1 requests from one socket: a buffer that keeps bytes past one request for the
/// next (pipelining), the head up to its blank line, and a body of known length. What the bytes mean is decided by
/// the reader that owns it (the core's parser for provisioning and the local API, <see cref="HttpRequestReader"/> for the fault control API).
/// </summary>
internal sealed class RequestFraming
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private readonly Stream _stream;
    private readonly int _maxHeaderBytes;
    private readonly byte[] _buffer;
    private int _count;

    public RequestFraming(Stream stream, int maxHeaderBytes)
    {
        _stream = stream;
        _maxHeaderBytes = maxHeaderBytes;
        _buffer = new byte[maxHeaderBytes + 4];
    }

    /// <summary>Waits for the first byte of a request; false when the peer closed the socket.</summary>
    public async Task<bool> WaitForRequestAsync(CancellationToken cancellation)
    {
        if (_count > 0)
        {
            return true;
        }

        int read = await _stream.ReadAsync(_buffer.AsMemory(0, _buffer.Length), cancellation).ConfigureAwait(false);
        _count = read;
        return read > 0;
    }

    /// <summary>The head without its blank line, consumed from the buffer; null when it is over the size limit.</summary>
    /// <exception cref="EndOfStreamException">The client closed the socket inside the head.</exception>
    public async Task<byte[]?> ReadHeadAsync(CancellationToken cancellation)
    {
        int headerLength;
        while ((headerLength = _buffer.AsSpan(0, _count).IndexOf(HeaderEnd)) < 0)
        {
            if (_count >= _maxHeaderBytes)
            {
                return null;
            }

            int read = await _stream.ReadAsync(_buffer.AsMemory(_count, _buffer.Length - _count), cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("client closed the socket inside a request header");
            }

            _count += read;
        }

        if (headerLength > _maxHeaderBytes)
        {
            return null;
        }

        var head = _buffer.AsSpan(0, headerLength).ToArray();
        Consume(headerLength + HeaderEnd.Length);
        return head;
    }

    /// <summary>Exactly <paramref name="length"/> body bytes: those already buffered, then from the socket.</summary>
    /// <exception cref="EndOfStreamException">The client closed the socket inside the body.</exception>
    public async Task<byte[]> ReadBodyAsync(int length, CancellationToken cancellation)
    {
        var body = new byte[length];
        int have = Math.Min(_count, body.Length);
        Array.Copy(_buffer, body, have);
        Consume(have);
        while (have < body.Length)
        {
            int read = await _stream.ReadAsync(body.AsMemory(have), cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("client closed the socket inside a request body");
            }

            have += read;
        }

        return body;
    }

    private void Consume(int bytes)
    {
        Array.Copy(_buffer, bytes, _buffer, 0, _count - bytes);
        _count -= bytes;
    }
}
