using CoreHttp = Accessory.Core.Http;

namespace Accessory.Simulator.Http;

/// <summary>
/// Reads requests from one socket asynchronously (so idle and slow-client timeouts can cancel it) and leaves every
/// parsing decision and refusal status to the core's <see cref="CoreHttp.HttpRequestParser"/>, the parser the
/// firmware's server uses too. Bytes past one request stay buffered for the next (pipelining). For provisioning
/// only POST carries a protocomm request, as in ESP-IDF's httpd: anything else is answered and the socket closed,
/// its body never read; the local API reads the body of any method.
/// </summary>
internal sealed class CoreRequestReader
{
    private readonly RequestFraming _framing;
    private readonly CoreHttp.HttpRequestParser _parser;
    private readonly int _maxHeaderBytes;
    private readonly bool _bodiesOnlyOnPost;

    /// <param name="localApi">True for the local API (any method may carry a body; an empty POST is a command).</param>
    public CoreRequestReader(Stream stream, int maxHeaderBytes, int maxBodyBytes, bool localApi)
    {
        _framing = new RequestFraming(stream, maxHeaderBytes);
        _maxHeaderBytes = maxHeaderBytes;
        _bodiesOnlyOnPost = !localApi;
        _parser = new CoreHttp.HttpRequestParser(maxHeaderBytes, maxBodyBytes, localApi);
    }

    /// <summary>Waits for the first byte of a request; false when the peer closed the socket.</summary>
    public Task<bool> WaitForRequestAsync(CancellationToken cancellation) => _framing.WaitForRequestAsync(cancellation);

    /// <exception cref="CoreHttp.HttpRequestRefusedException">The status to answer before closing the socket.</exception>
    /// <exception cref="EndOfStreamException">The client closed the socket inside a request.</exception>
    public async Task<CoreHttp.HttpRequest> ReadAsync(CancellationToken cancellation)
    {
        var head = await _framing.ReadHeadAsync(cancellation).ConfigureAwait(false)
            ?? throw new CoreHttp.HttpRequestRefusedException(431, $"request header larger than {_maxHeaderBytes} bytes");
        var request = _parser.ParseHead(head, head.Length);
        if (_bodiesOnlyOnPost && request.Method != "POST")
        {
            return request.WithKeepAlive(false);
        }

        var body = await _framing.ReadBodyAsync(request.ContentLength, cancellation).ConfigureAwait(false);
        return request.WithBody(body);
    }
}
