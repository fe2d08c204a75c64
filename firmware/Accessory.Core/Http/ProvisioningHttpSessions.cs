using Accessory.Core.Ports;
using Accessory.Core.Provisioning;

namespace Accessory.Core.Http;

/// <summary>
/// ESP-IDF's protocomm_httpd rules for the provisioning endpoints, independent of sockets: POST only; an
/// unregistered URI is httpd's own 404; one security session at a time, continued by the "session" cookie or, with
/// no cookie, by the socket that opened it; any other request starts a new session (closing the old one); a
/// handler failure drops the connection without a response (null). Both bodies feed their sockets through this.
/// </summary>
public sealed class ProvisioningHttpSessions
{
    private const string SessionCookie = "session=";
    private readonly ProtocommRouter _router;
    private readonly IRandom _random;
    private readonly object _gate = new object();
    private bool _hasSession;
    private uint _sessionId;
    private int _sessionSocket = -1;

    public ProvisioningHttpSessions(ProtocommRouter router, IRandom random)
    {
        _router = router;
        _random = random;
    }

    /// <summary>The response for a request on a connection; null means close without answering.</summary>
    public HttpResponse? Handle(int connectionId, HttpRequest request)
    {
        string endpoint = request.Path.Length > 1 ? request.Path.Substring(1) : string.Empty;
        bool known = !_router.Stopped && _router.HasEndpoint(endpoint);
        if (request.Method != "POST")
        {
            return known
                ? HttpResponse.Text(405, "endpoint '" + endpoint + "' accepts POST only", true)
                : HttpResponse.Text(404, "no endpoint '" + endpoint + "'", true);
        }

        if (!known)
        {
            return HttpResponse.Text(404, "no endpoint '" + endpoint + "'", !request.KeepAlive);
        }

        ProtocommResponse response;
        bool created;
        uint session;
        lock (_gate)
        {
            created = Resolve(connectionId, request.Cookie);
            session = _sessionId;
            response = _router.Handle(session, endpoint, request.Body);
        }

        if (response.Outcome == ProtocommOutcome.Ok)
        {
            string? cookie = created ? "Set-Cookie: " + SessionCookie + session.ToString() : null;
            return new HttpResponse(200, "application/octet-stream", response.Body, cookie, !request.KeepAlive);
        }

        if (response.Outcome == ProtocommOutcome.UnknownEndpoint || response.Outcome == ProtocommOutcome.Stopped)
        {
            return HttpResponse.Text(404, "no endpoint '" + endpoint + "'", !request.KeepAlive);
        }

        return null;
    }

    /// <summary>A connection closed; the session it owns stays open for a cookie holder, as in ESP-IDF.</summary>
    public void Closed(int connectionId)
    {
        lock (_gate)
        {
            if (_sessionSocket == connectionId)
            {
                _sessionSocket = -1;
            }
        }
    }

    private bool Resolve(int connectionId, string? cookieHeader)
    {
        if (_hasSession)
        {
            bool continues = cookieHeader == null ? _sessionSocket == connectionId : CookieSession(cookieHeader) == (long)_sessionId;
            if (continues)
            {
                _sessionSocket = connectionId;
                return false;
            }

            _hasSession = false;
            _router.CloseSession(_sessionId);
        }

        var bytes = new byte[4];
        _random.NextBytes(bytes);
        _sessionId = (uint)(bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24));
        _hasSession = true;
        _sessionSocket = connectionId;
        _router.OpenSession(_sessionId);
        return true;
    }

    // The session id in a Cookie header ("a=b; session=123"), or -1.
    private static long CookieSession(string header)
    {
        int at = header.IndexOf(SessionCookie);
        while (at > 0 && header[at - 1] != ' ' && header[at - 1] != ';')
        {
            at = header.IndexOf(SessionCookie, at + 1);
        }

        if (at < 0)
        {
            return -1;
        }

        long value = 0;
        int digits = 0;
        for (int i = at + SessionCookie.Length; i < header.Length && header[i] >= '0' && header[i] <= '9'; i++)
        {
            value = (value * 10) + (header[i] - '0');
            digits++;
            if (digits > 10)
            {
                return -1;
            }
        }

        return digits == 0 ? -1 : value;
    }
}
