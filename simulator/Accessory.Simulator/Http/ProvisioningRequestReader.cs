using CoreHttp = Accessory.Core.Http;

namespace Accessory.Simulator.Http;

/// <summary>
/// Reads provisioning requests from one socket asynchronously (so idle and slow-client timeouts can cancel it)
/// and leaves every parsing decision and refusal status to the core's <see cref="CoreHttp.HttpRequestParser"/>, the parser
/// the firmware's server uses too. Bytes past one request stay buffered for the next (pipelining). Only POST
/// carries a protocomm request, as in ESP-IDF's httpd: anything else is answered and the socket closed, its body
/// never read.
/// </summary>
internal sealed class ProvisioningRequestReader
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private readonly Stream _stream;
    private readonly CoreHttp.HttpRequestParser _parser;
    private readonly int _maxHeaderBytes;
    private readonly byte[] _buffer;
    private int _count;

    public ProvisioningRequestReader(Stream stream, int maxHeaderBytes, int maxBodyBytes)
    {
        _stream = stream;
        _maxHeaderBytes = maxHeaderBytes;
        _parser = new CoreHttp.HttpRequestParser(maxHeaderBytes, maxBodyBytes);
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

    /// <exception cref="CoreHttp.HttpRequestRefusedException">The status to answer before closing the socket.</exception>
    /// <exception cref="EndOfStreamException">The client closed the socket inside a request.</exception>
    public async Task<CoreHttp.HttpRequest> ReadAsync(CancellationToken cancellation)
    {
        int headerLength;
        while ((headerLength = _buffer.AsSpan(0, _count).IndexOf(HeaderEnd)) < 0)
        {
            if (_count >= _maxHeaderBytes)
            {
                throw new CoreHttp.HttpRequestRefusedException(431, $"request header larger than {_maxHeaderBytes} bytes");
            }

            int read = await _stream.ReadAsync(_buffer.AsMemory(_count, _buffer.Length - _count), cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("client closed the socket inside a request header");
            }

            _count += read;
        }

        var head = _buffer.AsSpan(0, headerLength).ToArray();
        Consume(headerLength + HeaderEnd.Length);
        var request = _parser.ParseHead(head, headerLength);
        if (request.Method != "POST")
        {
            return request.WithKeepAlive(false);
        }

        var body = new byte[request.ContentLength];
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

        return request.WithBody(body);
    }

    private void Consume(int bytes)
    {
        Array.Copy(_buffer, bytes, _buffer, 0, _count - bytes);
        _count -= bytes;
    }
}
