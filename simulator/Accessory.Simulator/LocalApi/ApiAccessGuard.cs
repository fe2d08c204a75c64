using Accessory.Core.Cloud;
using Accessory.Core.LocalApi;
using Accessory.Core.Ports;
using Accessory.Simulator.Platform;
using CoreHttp = Accessory.Core.Http;

namespace Accessory.Simulator.LocalApi;

/// <summary>
/// Who may use the simulator's local API, decided by the core's <see cref="LocalApiHttpService"/> exactly as on the
/// board: requests must name the device in Host and carry no foreign Origin, and everything but
/// <c>GET /api/v1/info</c> needs <c>Authorization: Bearer &lt;access token&gt;</c>; past <see cref="MaxFailures"/>
/// wrong tokens in <see cref="FailureWindow"/> an address gets 429 until the window is over. This class adds only
/// the simulator's rate-limited log lines.
/// </summary>
public sealed class ApiAccessGuard
{
    public const int MaxFailures = Accessory.Core.LocalApi.LocalApiLimits.MaxTokenFailures;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMilliseconds(Accessory.Core.LocalApi.LocalApiLimits.FailureWindowMilliseconds);
    private const int MaxTrackedClients = 4096;
    private readonly AccessToken _token;
    private readonly CoreHttp.BrowserRequestGuard _browser;
    private readonly IClock _clock;
    private readonly RateLimitedLog _log;

    public ApiAccessGuard(AccessToken token, CoreHttp.BrowserRequestGuard browser, IClock clock, ILog log)
    {
        _token = token ?? throw new ArgumentNullException(nameof(token));
        _browser = browser ?? throw new ArgumentNullException(nameof(browser));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _log = new RateLimitedLog(log);
    }

    /// <summary>The core's HTTP handling for this device's local API, with the simulator's cap on event streams.</summary>
    internal LocalApiHttpService CreateService(LocalApiRouter router, LampState lamp) =>
        new(router, _token, lamp, _clock, _browser, LocalApiLimits.MaxWebSockets, MaxTrackedClients, null);

    /// <summary>Null when the request may be served; else the refusal to send (logged here, rate-limited).</summary>
    internal static CoreHttp.HttpResponse? Check(LocalApiHttpService service, RateLimitedLog log, CoreHttp.HttpRequest request, string client)
    {
        var refusal = service.Check(client, request);
        if (refusal is null)
        {
            return null;
        }

        if (refusal.Status is 400 or 403)
        {
            log.Write("browser", LogLevel.Warning, "api", "refused a request from " + client + ": " + ErrorText(refusal));
        }
        else if (refusal.Status == 401 && request.Authorization is not null)
        {
            log.Write("token", LogLevel.Warning, "api", "wrong access token from " + client);
        }

        return refusal;
    }

    internal RateLimitedLog Log => _log;

    private static string ErrorText(CoreHttp.HttpResponse response) => System.Text.Encoding.UTF8.GetString(response.Body);
}
