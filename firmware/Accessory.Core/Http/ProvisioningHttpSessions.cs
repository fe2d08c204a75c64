using Accessory.Core.Ports;
using Accessory.Core.Provisioning;
using Accessory.Core.Text;

namespace Accessory.Core.Http;

/// <summary>
/// ESP-IDF's protocomm_httpd rules for the provisioning endpoints, independent of sockets: POST only; an
/// unregistered URI is httpd's own 404; one security session at a time, continued by the "session" cookie or, with
/// no cookie, by the socket that opened it; any other request starts a new session (closing the old one); a
/// handler failure drops the connection without a response (null). Every answer carries httpd's default
/// Content-Type (text/html: protocomm sets none). Both bodies' socket loops feed their requests through this.
/// </summary>
public sealed class ProvisioningHttpSessions : IHttpService
{
    private const string Component = "http";
    private const string SessionCookie = "session=";
    private const string ContentType = "text/html";
    private readonly ProtocommRouter _router;
    private readonly IRandom _random;
    private readonly ILog? _log;
    private readonly object _gate = new object();
    private bool _hasSession;
    private uint _sessionId;
    private int _sessionSocket = -1;

    public ProvisioningHttpSessions(ProtocommRouter router, IRandom random)
        : this(router, random, null)
    {
    }

    /// <param name="log">Where session starts and ends and request outcomes are logged (never bodies); null for none.</param>
    public ProvisioningHttpSessions(ProtocommRouter router, IRandom random, ILog? log)
    {
        if (router == null || random == null)
        {
            throw new System.ArgumentNullException(nameof(router), "a router and a random source are required");
        }

        _router = router;
        _random = random;
        _log = log;
    }

    /// <summary>True (with its id) while a security session is open.</summary>
    public bool TryGetSession(out uint sessionId)
    {
        lock (_gate)
        {
            sessionId = _sessionId;
            return _hasSession;
        }
    }

    /// <summary>The response for a request on a connection; null means close without answering.</summary>
    public HttpResponse? Handle(int connectionId, HttpRequest request) => Handle(connectionId, string.Empty, request);

    /// <inheritdoc/>
    public HttpResponse? Handle(int connectionId, string client, HttpRequest request)
    {
        string endpoint = request.Path.Length > 1 ? request.Path.Substring(1) : string.Empty;
        bool known = !_router.Stopped && _router.HasEndpoint(endpoint);
        if (request.Method != "POST")
        {
            // Only POST carries a protocomm request; the body of anything else is never read, so the socket closes.
            return known
                ? Answer(405, Utf8.Encode("endpoint '" + endpoint + "' accepts POST only"), null, true)
                : Answer(404, Utf8.Encode("no endpoint '" + endpoint + "'"), null, true);
        }

        if (!known)
        {
            // httpd answers an unregistered URI itself; protocomm and the session are not involved.
            return Answer(404, Utf8.Encode("no endpoint '" + endpoint + "'"), null, !request.KeepAlive);
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

        string line = "POST /" + endpoint + " on socket " + connectionId + " (session " + session + "): " + OutcomeName(response.Outcome);
        if (response.Outcome == ProtocommOutcome.Ok)
        {
            Write(LogLevel.Debug, line + " " + (created ? "new session" : "session continued"));
            string? cookie = created ? "Set-Cookie: " + SessionCookie + session.ToString() : null;
            return Answer(200, response.Body, cookie, !request.KeepAlive);
        }

        if (response.Outcome == ProtocommOutcome.UnknownEndpoint || response.Outcome == ProtocommOutcome.Stopped)
        {
            Write(LogLevel.Debug, line + " " + response.Reason);
            return Answer(404, Utf8.Encode("no endpoint '" + endpoint + "'"), null, !request.KeepAlive);
        }

        Write(LogLevel.Information, line + ", " + response.Reason + "; closing the socket without a response");
        return null;
    }

    /// <inheritdoc/>
    public HttpResponse Refuse(HttpRequestRefusedException refused) =>
        Answer(refused.Status, Utf8.Encode(refused.Message), null, true);

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

    /// <summary>Closes the open session, if any (the server stopped).</summary>
    public void End(string reason)
    {
        lock (_gate)
        {
            EndSession(reason);
        }
    }

    private static HttpResponse Answer(int status, byte[] body, string? extraHeader, bool close) =>
        new HttpResponse(status, ContentType, body, extraHeader, close);

    // Enum names by hand: nanoFramework's Enum.ToString gives the number.
    private static string OutcomeName(ProtocommOutcome outcome)
    {
        switch (outcome)
        {
            case ProtocommOutcome.Ok: return "Ok";
            case ProtocommOutcome.UnknownEndpoint: return "UnknownEndpoint";
            case ProtocommOutcome.NoSession: return "NoSession";
            case ProtocommOutcome.HandlerFailed: return "HandlerFailed";
            case ProtocommOutcome.Stopped: return "Stopped";
            default: return "outcome " + (int)outcome;
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

            EndSession("a request on socket " + connectionId + " started a new session");
        }

        var bytes = new byte[4];
        _random.NextBytes(bytes);
        _sessionId = (uint)(bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24));
        _hasSession = true;
        _sessionSocket = connectionId;
        _router.OpenSession(_sessionId);
        Write(LogLevel.Information, "session " + _sessionId + " started on socket " + connectionId);
        return true;
    }

    private void EndSession(string reason)
    {
        if (!_hasSession)
        {
            return;
        }

        _hasSession = false;
        _router.CloseSession(_sessionId);
        Write(LogLevel.Information, "session " + _sessionId + " closed: " + reason);
    }

    private void Write(LogLevel level, string message)
    {
        if (_log != null && _log.IsEnabled(level))
        {
            _log.Write(level, Component, message);
        }
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
        int i = at + SessionCookie.Length;
        for (; i < header.Length && header[i] >= '0' && header[i] <= '9'; i++)
        {
            value = (value * 10) + (header[i] - '0');
            digits++;
            if (digits > 10)
            {
                return -1;
            }
        }

        // "session=12x" is not session 12: the value must end where the cookie does.
        bool ended = i == header.Length || header[i] == ';' || header[i] == ' ';
        return digits == 0 || !ended ? -1 : value;
    }
}
