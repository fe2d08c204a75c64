using System.Diagnostics;
using System.Globalization;
using System.Net;
using Accessory.Core.LocalApi;
using Accessory.Core.Ports;
using Accessory.Simulator.Http;
using Accessory.Simulator.Platform;

namespace Accessory.Simulator.LocalApi;

/// <summary>
/// Who may use the local API: requests must name the device in Host and carry no foreign Origin (browser safety),
/// and everything but <c>GET /api/v1/info</c> needs <c>Authorization: Bearer &lt;access token&gt;</c>. Wrong tokens
/// are counted per client address: past <see cref="MaxFailures"/> in <see cref="FailureWindow"/>, that address gets
/// 429 until the window is over, whatever it presents.
/// </summary>
public sealed class ApiAccessGuard
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(1);
    private const int MaxTrackedClients = 4096;
    private const string Realm = "Bearer realm=\"accessory\"";
    private readonly AccessToken _token;
    private readonly BrowserRequestGuard _browser;
    private readonly RateLimitedLog _log;
    private readonly Dictionary<IPAddress, (int Count, long Since)> _failures = [];
    private readonly object _gate = new();

    public ApiAccessGuard(AccessToken token, BrowserRequestGuard browser, ILog log)
    {
        _token = token ?? throw new ArgumentNullException(nameof(token));
        _browser = browser ?? throw new ArgumentNullException(nameof(browser));
        _log = new RateLimitedLog(log);
    }

    /// <summary>Null when the request may be served; else the refusal to send.</summary>
    internal HttpResponse? Check(HttpRequest request, IPAddress client)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_browser.Check(request) is { } refused)
        {
            _log.Write("browser", LogLevel.Warning, "api", "refused a request from " + client + ": " + refused.Reason);
            return NoStore(HttpResponse.Error(refused.Status, refused.Reason));
        }

        string route = request.Path.Split('?', 2)[0];
        if (route == LocalApiPaths.Info)
        {
            return null;
        }

        if (LockedOut(client, out int retryAfter))
        {
            var busy = NoStore(HttpResponse.Error(429, "too many wrong access tokens from this address; try again later"));
            busy.SetHeader("Retry-After", retryAfter.ToString(CultureInfo.InvariantCulture));
            return busy;
        }

        string? authorization = request.Header("Authorization");
        if (_token.MatchesAuthorization(authorization))
        {
            return null;
        }

        if (authorization is not null)
        {
            RecordFailure(client);
            _log.Write("token", LogLevel.Warning, "api", "wrong access token from " + client);
        }

        var response = NoStore(HttpResponse.Error(401, authorization is null
            ? "this endpoint needs Authorization: Bearer <access token>; a phone gets the token from the api-token provisioning endpoint"
            : "wrong access token"));
        response.SetHeader("WWW-Authenticate", authorization is null ? Realm : Realm + ", error=\"invalid_token\"");
        return response;
    }

    private static HttpResponse NoStore(HttpResponse response)
    {
        response.SetHeader("Cache-Control", "no-store");
        return response;
    }

    private bool LockedOut(IPAddress client, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        lock (_gate)
        {
            if (!_failures.TryGetValue(client, out var entry))
            {
                return false;
            }

            var age = Stopwatch.GetElapsedTime(entry.Since);
            if (age >= FailureWindow)
            {
                _failures.Remove(client);
                return false;
            }

            retryAfterSeconds = (int)Math.Ceiling((FailureWindow - age).TotalSeconds);
            return entry.Count >= MaxFailures;
        }
    }

    private void RecordFailure(IPAddress client)
    {
        lock (_gate)
        {
            if (_failures.Count >= MaxTrackedClients && !_failures.ContainsKey(client))
            {
                // Bounded memory: forgetting everyone is safe, it only restarts their windows.
                _failures.Clear();
            }

            _failures[client] = _failures.TryGetValue(client, out var entry) ? (entry.Count + 1, entry.Since) : (1, Stopwatch.GetTimestamp());
        }
    }
}
