namespace Accessory.Simulator.Http;

/// <summary>
/// The simulator's handle on the core's <see cref="Accessory.Core.Http.BrowserRequestGuard"/> (Host must name the
/// device, a foreign Origin is refused), for the servers that still parse with the simulator's own reader (the
/// fault control API). The local API asks the core guard through LocalApiHttpService, as the board does.
/// </summary>
public sealed class BrowserRequestGuard
{
    /// <param name="names">Host names the server answers to besides IP literals and localhost (e.g. "lamp.local").</param>
    public BrowserRequestGuard(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        Core = new Accessory.Core.Http.BrowserRequestGuard([.. names]);
    }

    /// <summary>The shared guard itself.</summary>
    public Accessory.Core.Http.BrowserRequestGuard Core { get; }

    /// <summary>Null when the request may proceed; else the status (400 or 403) and a reason for the error body.</summary>
    internal (int Status, string Reason)? Check(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? reason = Core.Check(request.Header("Host"), request.Header("Origin"), out int status);
        return reason is null ? null : (status, reason);
    }
}
