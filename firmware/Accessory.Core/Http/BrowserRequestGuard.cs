using Accessory.Core.Text;

namespace Accessory.Core.Http;

/// <summary>
/// Refuses what a web page in the user's browser could send to a device on the LAN or on loopback. The Host header
/// must name the device itself (an IP literal, localhost or one of its names): a DNS name an attacker controls and
/// rebinds to the device's address fails here. A request carrying an Origin must come from one of those hosts too:
/// browsers attach Origin to cross-site POSTs and WebSocket handshakes, so a foreign page's "simple" text/plain or
/// form POST never reaches a handler. No CORS headers are sent, so a browser never lets a foreign page read an
/// answer. Both bodies' local APIs (and the simulator's control API) ask this one class.
/// </summary>
public sealed class BrowserRequestGuard
{
    private readonly string[] _names;

    /// <param name="names">Host names the server answers to besides IP literals and localhost (e.g. "lamp.local").</param>
    public BrowserRequestGuard(string[] names)
    {
        if (names == null)
        {
            throw new System.ArgumentNullException(nameof(names));
        }

        _names = new string[names.Length + 1];
        for (int i = 0; i < names.Length; i++)
        {
            _names[i] = Ascii.ToLower(TrimDots(names[i]));
        }

        _names[names.Length] = "localhost";
    }

    /// <summary>Null when the request may proceed; else the reason for the error body, with 400 or 403 in <paramref name="status"/>.</summary>
    public string? Check(string? host, string? origin, out int status)
    {
        status = 0;
        if (host == null)
        {
            status = 400;
            return "a Host header is required";
        }

        string hostPart = HostPart(host);
        if (!IsOwnHost(hostPart))
        {
            status = 403;
            return "Host '" + Shorten(host) + "' is not this device";
        }

        if (origin != null && !IsSameHost(origin, hostPart))
        {
            status = 403;
            return "cross-origin requests are refused (Origin '" + Shorten(origin) + "')";
        }

        return null;
    }

    /// <summary>True for an IPv4 dotted quad or an IPv6 literal (with or without a zone): DNS cannot rebind those.</summary>
    public static bool IsIpLiteral(string host)
    {
        int percent = host.IndexOf('%');
        string address = percent < 0 ? host : host.Substring(0, percent);
        return IsIPv4(address) || IsIPv6(address);
    }

    private static string Shorten(string value)
    {
        int length = value.Length > 64 ? 64 : value.Length;
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            char c = value[i];
            chars[i] = c < ' ' || c == (char)127 ? '?' : c;
        }

        return new string(chars);
    }

    // "host", "host:port", "[v6]" or "[v6]:port".
    private static string HostPart(string authority)
    {
        authority = authority.Trim();
        if (authority.Length > 0 && authority[0] == '[')
        {
            int close = authority.IndexOf(']');
            return close < 0 ? authority : authority.Substring(1, close - 1);
        }

        int colon = authority.LastIndexOf(':');
        return colon < 0 ? authority : authority.Substring(0, colon);
    }

    // A page served by the device itself (same host as the request) may call it; any other origin may not, even one
    // on the LAN: "another address" could be any device's web page.
    private static bool IsSameHost(string origin, string host)
    {
        string rest;
        if (StartsWithIgnoringCase(origin, "http://"))
        {
            rest = origin.Substring(7);
        }
        else if (StartsWithIgnoringCase(origin, "https://"))
        {
            rest = origin.Substring(8);
        }
        else
        {
            return false;
        }

        int slash = rest.IndexOf('/');
        string authority = slash < 0 ? rest : rest.Substring(0, slash);
        if (authority.Length == 0 || authority.Contains("@"))
        {
            return false;
        }

        return HttpRequest.SameName(TrimDots(HostPart(authority)), TrimDots(host));
    }

    private static bool StartsWithIgnoringCase(string text, string prefix) =>
        text.Length >= prefix.Length && HttpRequest.SameName(text.Substring(0, prefix.Length), prefix);

    private static string TrimDots(string name)
    {
        int end = name.Length;
        while (end > 0 && name[end - 1] == '.')
        {
            end--;
        }

        return name.Substring(0, end);
    }

    private static bool IsIPv4(string text)
    {
        int parts = 0;
        int value = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == '.')
            {
                if (value < 0 || value > 255)
                {
                    return false;
                }

                parts++;
                value = -1;
                continue;
            }

            char c = text[i];
            if (c < '0' || c > '9' || value > 255)
            {
                return false;
            }

            value = (value < 0 ? 0 : value * 10) + (c - '0');
        }

        return parts == 4;
    }

    private static bool IsIPv6(string text)
    {
        if (!text.Contains(":") || text.Length > 45)
        {
            return false;
        }

        int colons = 0;
        int lastColon = -1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == ':')
            {
                colons++;
                lastColon = i;
            }
            else if (c == '.')
            {
                // An embedded IPv4 tail ("::ffff:127.0.0.1") must be a whole dotted quad.
                return IsIPv4(text.Substring(lastColon + 1)) && colons >= 2;
            }
            else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            {
                return false;
            }
        }

        return colons >= 2 && colons <= 7;
    }

    private bool IsOwnHost(string host)
    {
        if (host.Length == 0)
        {
            return false;
        }

        if (IsIpLiteral(host))
        {
            return true;
        }

        string name = Ascii.ToLower(TrimDots(host));
        for (int i = 0; i < _names.Length; i++)
        {
            if (_names[i] == name)
            {
                return true;
            }
        }

        return false;
    }
}
