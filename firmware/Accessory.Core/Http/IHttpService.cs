namespace Accessory.Core.Http;

/// <summary>
/// The protocol side of one HTTP server (provisioning or local API), which both bodies' socket loops call: they
/// own accepting, reading and writing; every answer and every refusal's bytes come from here.
/// </summary>
public interface IHttpService
{
    /// <summary>
    /// The answer to a request on a connection from <paramref name="client"/> (its address as text); null closes
    /// the connection without answering. A response with <see cref="HttpResponse.Upgrade"/> hands the connection over.
    /// </summary>
    HttpResponse? Handle(int connectionId, string client, HttpRequest request);

    /// <summary>The answer to a request the parser refused; the connection closes after it.</summary>
    HttpResponse Refuse(HttpRequestRefusedException refused);

    /// <summary>A connection has closed.</summary>
    void Closed(int connectionId);
}
