using System.Net;

namespace Accessory.Simulator.Http;

/// <summary>
/// Refuses what a web page in the user's browser could send to a device on the LAN or on loopback. The Host header
/// must name the device itself (an IP literal, localhost or one of its names): a DNS name an attacker controls and
/// rebinds to the device's address fails here. A request carrying an Origin must come from one of those hosts too:
/// browsers attach Origin to cross-site POSTs and WebSocket handshakes, so a foreign page's "simple" text/plain or form
/// POST never reaches a handler. No CORS headers are sent, so a browser never lets a foreign page read an answer.
/// Shared by the local API and the control API (and whatever else serves HTTP on the control port).
/// </summary>
public sealed class BrowserRequestGuard
{
    private readonly string[] _names;

    /// <param name="names">Host names the server answers to besides IP literals and localhost (e.g. "lamp.local").</param>
    public BrowserRequestGuard(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = [.. names.Select(n => n.TrimEnd('.').ToLowerInvariant()), "localhost"];
    }

    /// <summary>Null when the request may proceed; else the status (400 or 403) and a reason for the error body.</summary>
    internal (int Status, string Reason)? Check(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? host = request.Header("Host");
        if (host is null || !IsOwnHost(HostPart(host)))
        {
            return (host is null ? 400 : 403, host is null ? "a Host header is required" : "Host '" + Shorten(host) + "' is not this device");
        }

        string? origin = request.Header("Origin");
        if (origin is not null && !IsSameHost(origin, HostPart(host)))
        {
            return (403, "cross-origin requests are refused (Origin '" + Shorten(origin) + "')");
        }

        return null;
    }

    private static string Shorten(string value) =>
        new([.. value.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);

    // "host", "host:port", "[v6]" or "[v6]:port".
    private static string HostPart(string authority)
    {
        authority = authority.Trim();
        if (authority.StartsWith('['))
        {
            int close = authority.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? authority : authority[1..close];
        }

        int colon = authority.LastIndexOf(':');
        return colon < 0 ? authority : authority[..colon];
    }

    // A link-local IPv6 literal may carry its zone ("fe80::1%eth0", or "%25eth0" as written in a URL).
    private static string WithoutZone(string host)
    {
        int percent = host.IndexOf('%', StringComparison.Ordinal);
        return percent < 0 ? host : host[..percent];
    }

    // A page served by the device itself (same host as the request) may call it; any other origin may not, even one
    // on the LAN: "another address" could be any device's web page.
    private static bool IsSameHost(string origin, string host)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        return string.Equals(uri.Host.Trim('[', ']').TrimEnd('.'), host.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
    }

    private bool IsOwnHost(string host)
    {
        if (host.Length == 0)
        {
            return false;
        }

        // An IP literal cannot be rebound by DNS, and a page that knows the address is no better off than any LAN host.
        if (IPAddress.TryParse(WithoutZone(host), out _))
        {
            return true;
        }

        string name = host.TrimEnd('.').ToLowerInvariant();
        return _names.Contains(name, StringComparer.Ordinal);
    }
}
