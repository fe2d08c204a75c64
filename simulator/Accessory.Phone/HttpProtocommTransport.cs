using System.Net;
using System.Net.Http.Headers;

namespace Accessory.Phone;

/// <summary>
/// Protocomm over a device's softAP HTTP server: one kept-alive connection that carries the session cookie, as
/// Espressif's phone libraries do.
/// </summary>
public sealed class HttpProtocommTransport : IProtocommTransport, IDisposable
{
    private readonly HttpClient _http;

    public HttpProtocommTransport(Uri baseAddress, Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>? connect = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = true,
            MaxConnectionsPerServer = 1,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        if (connect != null)
        {
            handler.ConnectCallback = connect;
        }

        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public byte[] Post(string endpoint, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, UriKind.Relative)) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        using var response = _http.Send(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"{endpoint}: HTTP {(int)response.StatusCode}", null, response.StatusCode);
        }

        using var stream = response.Content.ReadAsStream();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public void Dispose() => _http.Dispose();
}
