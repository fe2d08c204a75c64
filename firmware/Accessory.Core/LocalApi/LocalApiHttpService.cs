using System.Threading;
using Accessory.Core.Cloud;
using Accessory.Core.Cloud.Json;
using Accessory.Core.Http;
using Accessory.Core.Ports;
using Accessory.Core.WebSockets;

namespace Accessory.Core.LocalApi;

/// <summary>
/// The local API's HTTP handling for both bodies: who may ask (<see cref="BrowserRequestGuard"/>, the access
/// token with the wrong-token lockout of <see cref="TokenFailureTracker"/>, only /api/v1/info open), the routes
/// (<see cref="LocalApiRouter"/>, answers marked Cache-Control: no-store), the event stream's WebSocket handshake
/// and its cap, and the bytes of every refusal (JSON {"error": ...}). The board's TcpHttpServer calls
/// <see cref="Handle"/>; the simulator's server calls the steps one by one so its faults can sit between them.
/// </summary>
public sealed class LocalApiHttpService : IHttpService
{
    private const string Component = "api";
    private const string Realm = "Bearer realm=\"accessory\"";
    private readonly LocalApiRouter _router;
    private readonly AccessToken _token;
    private readonly LampState _lamp;
    private readonly IClock _clock;
    private readonly BrowserRequestGuard _browser;
    private readonly TokenFailureTracker _failures;
    private readonly int _maxEventStreams;
    private readonly ILog? _log;
    private int _eventStreams;

    public LocalApiHttpService(LocalApiRouter router, AccessToken token, LampState lamp, IClock clock, BrowserRequestGuard browser, int maxEventStreams, int maxTrackedClients, ILog? log)
    {
        if (router == null || token == null || lamp == null || clock == null || browser == null)
        {
            throw new System.ArgumentNullException(nameof(router), "router, token, lamp, clock and browser guard are required");
        }

        _router = router;
        _token = token;
        _lamp = lamp;
        _clock = clock;
        _browser = browser;
        _failures = new TokenFailureTracker(maxTrackedClients);
        _maxEventStreams = maxEventStreams;
        _log = log;
    }

    /// <summary>Event streams open right now.</summary>
    public int OpenEventStreams => _eventStreams;

    /// <summary>A JSON error answer ({"error": reason}); the connection closes after it.</summary>
    public static HttpResponse Error(int status, string reason)
    {
        var response = new HttpResponse(status, LocalApiResponse.JsonContentType, new JsonWriter().WriteString("error", reason).ToBytes(), null, true);
        response.AnnounceKeepAlive = true;
        return response;
    }

    /// <inheritdoc/>
    public HttpResponse? Handle(int connectionId, string client, HttpRequest request)
    {
        var refusal = Check(client, request);
        if (refusal != null)
        {
            return refusal;
        }

        if (IsEventsUpgrade(request))
        {
            var upgradeRefusal = UpgradeRefusal(request);
            if (upgradeRefusal != null)
            {
                return upgradeRefusal;
            }

            if (!TryOpenEventStream())
            {
                return EventStreamsBusy();
            }

            return WebSocketHandshake.Accept(request, new LocalApiEventSession(_lamp, this, _clock, _log));
        }

        return Answer(request);
    }

    /// <inheritdoc/>
    public HttpResponse Refuse(HttpRequestRefusedException refused) => Error(refused.Status, refused.Message);

    /// <inheritdoc/>
    public void Closed(int connectionId)
    {
    }

    /// <summary>
    /// Null when the request may be served; else the refusal: 400/403 from the browser guard, 429 with
    /// Retry-After for an address locked out after too many wrong tokens, 401 with a Bearer challenge.
    /// </summary>
    public HttpResponse? Check(string client, HttpRequest request)
    {
        int status;
        string? browserRefusal = _browser.Check(request.Header("Host"), request.Header("Origin"), out status);
        if (browserRefusal != null)
        {
            Write("refused a request from " + client + ": " + browserRefusal);
            return NoStore(Error(status, browserRefusal));
        }

        if (LocalApiAccess.IsOpen(request.Path))
        {
            return null;
        }

        int retryAfter;
        if (_failures.IsLockedOut(client, _clock.UptimeMilliseconds, out retryAfter))
        {
            var busy = NoStore(Error(429, "too many wrong access tokens from this address; try again later"));
            busy.SetHeader("Retry-After", retryAfter.ToString());
            return busy;
        }

        string? authorization = request.Authorization ?? request.Header("Authorization");
        if (_token.MatchesAuthorization(authorization))
        {
            return null;
        }

        if (authorization != null)
        {
            _failures.RecordFailure(client, _clock.UptimeMilliseconds);
            Write("wrong access token from " + client);
        }

        var response = NoStore(Error(401, authorization == null
            ? "this endpoint needs Authorization: Bearer <access token>; a phone gets the token from the api-token provisioning endpoint"
            : "wrong access token"));
        response.SetHeader("WWW-Authenticate", authorization == null ? Realm : Realm + ", error=\"invalid_token\"");
        return response;
    }

    /// <summary>True for a WebSocket upgrade of the events path (anything else there goes to the router).</summary>
    public static bool IsEventsUpgrade(HttpRequest request) => request.Path == LocalApiPaths.Events && WebSocketHandshake.IsUpgrade(request);

    /// <summary>Null when the upgrade request is valid; else its 400 or 426 refusal.</summary>
    public static HttpResponse? UpgradeRefusal(HttpRequest request)
    {
        int status;
        string? reason = WebSocketHandshake.Refusal(request, out status);
        if (reason == null)
        {
            return null;
        }

        var refusal = Error(status, reason);
        if (status == 426)
        {
            refusal.SetHeader("Sec-WebSocket-Version", "13");
        }

        return refusal;
    }

    /// <summary>Takes one of the event-stream slots; false when all are in use (answer <see cref="EventStreamsBusy"/>).</summary>
    public bool TryOpenEventStream()
    {
        if (Interlocked.Increment(ref _eventStreams) > _maxEventStreams)
        {
            Interlocked.Decrement(ref _eventStreams);
            return false;
        }

        return true;
    }

    /// <summary>Gives back a slot taken by <see cref="TryOpenEventStream"/>.</summary>
    public void EventStreamClosed()
    {
        Interlocked.Decrement(ref _eventStreams);
    }

    /// <summary>503 with Retry-After: every event-stream slot is in use.</summary>
    public HttpResponse EventStreamsBusy()
    {
        var busy = Error(503, "too many open event streams (" + _maxEventStreams + "); try again shortly");
        busy.SetHeader("Retry-After", LocalApiLimits.BusyRetryAfterSeconds.ToString());
        return busy;
    }

    /// <summary>The router's answer, never cached (API answers are live state); the connection follows the request's keep-alive.</summary>
    public HttpResponse Answer(HttpRequest request)
    {
        var answer = _router.Handle(request.Method, request.Path, request.Body);
        var response = new HttpResponse(answer.Status, answer.ContentType, answer.Body, null, !request.KeepAlive);
        response.AnnounceKeepAlive = true;
        if (answer.Allow != null && answer.Allow.Length > 0)
        {
            response.SetHeader("Allow", answer.Allow);
        }

        response.SetHeader("Cache-Control", "no-store");
        return response;
    }

    private static HttpResponse NoStore(HttpResponse response)
    {
        response.SetHeader("Cache-Control", "no-store");
        return response;
    }

    private void Write(string message)
    {
        if (_log != null && _log.IsEnabled(LogLevel.Debug))
        {
            _log.Write(LogLevel.Debug, Component, message);
        }
    }
}
