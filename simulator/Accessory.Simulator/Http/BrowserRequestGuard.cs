namespace Accessory.Simulator.Http;

/// <summary>
/// The simulator's handle on the core's <see cref="Accessory.Core.Http.BrowserRequestGuard"/> (Host must name the
/// device, a foreign Origin is refused) for the fault control API, the one server that still parses with the
/// simulator's own reader. The local API is given the core guard itself and asks it through LocalApiHttpService, as
/// the board does.
/// </summary>
internal sealed class BrowserRequestGuard
{
    private readonly Accessory.Core.Http.BrowserRequestGuard _core;

    /// <param name="names">Host names the server answers to besides IP literals and localhost (e.g. "lamp.local").</param>
    public BrowserRequestGuard(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _core = new Accessory.Core.Http.BrowserRequestGuard([.. names]);
    }

    /// <summary>Null when the request may proceed; else the status (400 or 403) and a reason for the error body.</summary>
    public (int Status, string Reason)? Check(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? reason = _core.Check(request.Header("Host"), request.Header("Origin"), out int status);
        return reason is null ? null : (status, reason);
    }
}
