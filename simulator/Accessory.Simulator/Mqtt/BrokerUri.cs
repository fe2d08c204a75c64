using System.Globalization;

namespace Accessory.Simulator.Mqtt;

/// <summary>
/// Where the device's MQTT link goes: <c>embedded</c>, <c>mqtt://host[:port]</c> or <c>mqtts://host[:port]</c>.
/// Credentials in the URI are refused, because the URI ends up in logs and command lines.
/// </summary>
public sealed class BrokerUri
{
    public const int DefaultTcpPort = 1883;
    public const int DefaultTlsPort = 8883;

    private BrokerUri(BrokerUriKind kind, string host, int port)
    {
        Kind = kind;
        Host = host;
        Port = port;
    }

    public BrokerUriKind Kind { get; }

    public string Host { get; }

    public int Port { get; }

    public bool UsesTls => Kind == BrokerUriKind.Tls;

    /// <summary>The embedded broker on loopback at <paramref name="port"/>.</summary>
    public static BrokerUri Embedded(int port = DefaultTcpPort)
    {
        CheckPort(port);
        return new BrokerUri(BrokerUriKind.Embedded, "127.0.0.1", port);
    }

    /// <exception cref="BrokerUriException">The text is not a usable broker URI.</exception>
    public static BrokerUri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw new BrokerUriException("Broker URI is empty; use 'embedded', mqtt://host:port or mqtts://host:port.");
        }

        if (string.Equals(trimmed, "embedded", StringComparison.OrdinalIgnoreCase))
        {
            return Embedded();
        }

        var schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            throw new BrokerUriException($"Broker URI '{trimmed}' has no scheme; use 'embedded', mqtt://host:port or mqtts://host:port.");
        }

        var scheme = trimmed[..schemeEnd].ToUpperInvariant();
        BrokerUriKind kind;
        int defaultPort;
        switch (scheme)
        {
            case "MQTT":
            case "TCP":
                kind = BrokerUriKind.Tcp;
                defaultPort = DefaultTcpPort;
                break;
            case "MQTTS":
            case "SSL":
                kind = BrokerUriKind.Tls;
                defaultPort = DefaultTlsPort;
                break;
            default:
                throw new BrokerUriException($"Broker URI scheme '{trimmed[..schemeEnd]}' is not supported; use mqtt:// or mqtts://.");
        }

        var authority = trimmed[(schemeEnd + 3)..];
        var slash = authority.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (slash != authority.Length - 1)
            {
                throw new BrokerUriException("Broker URI must not have a path; give only host and port.");
            }

            authority = authority[..slash];
        }

        if (authority.Contains('@', StringComparison.Ordinal))
        {
            // Deliberately not echoing the URI: it holds credentials.
            throw new BrokerUriException("Broker URI must not contain credentials; pass them separately.");
        }

        if (authority.Length == 0)
        {
            throw new BrokerUriException("Broker URI has no host.");
        }

        var (host, portText) = SplitHostPort(authority);
        if (host.Length == 0)
        {
            throw new BrokerUriException("Broker URI has no host.");
        }

        var port = defaultPort;
        if (portText is not null)
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port))
            {
                throw new BrokerUriException($"Broker URI port '{portText}' is not a number.");
            }

            CheckPort(port);
        }

        return new BrokerUri(kind, host, port);
    }

    public override string ToString() => Kind switch
    {
        BrokerUriKind.Embedded => "embedded",
        BrokerUriKind.Tls => $"mqtts://{FormatHost()}:{Port.ToString(CultureInfo.InvariantCulture)}",
        _ => $"mqtt://{FormatHost()}:{Port.ToString(CultureInfo.InvariantCulture)}",
    };

    private string FormatHost() => Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host;

    private static (string Host, string? Port) SplitHostPort(string authority)
    {
        if (authority[0] == '[')
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new BrokerUriException("Broker URI has an unclosed '[' in its IPv6 host.");
            }

            var host = authority[1..close];
            var rest = authority[(close + 1)..];
            if (rest.Length == 0)
            {
                return (host, null);
            }

            if (rest[0] != ':')
            {
                throw new BrokerUriException("Broker URI has text after its IPv6 host that is not a port.");
            }

            return (host, rest[1..]);
        }

        var colon = authority.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (authority, null);
        }

        if (authority.IndexOf(':', colon + 1) >= 0)
        {
            throw new BrokerUriException("Broker URI IPv6 hosts must be in brackets, e.g. mqtt://[::1]:1883.");
        }

        return (authority[..colon], authority[(colon + 1)..]);
    }

    private static void CheckPort(int port)
    {
        if (port < 1 || port > 65535)
        {
            throw new BrokerUriException($"Broker URI port {port.ToString(CultureInfo.InvariantCulture)} is outside 1-65535.");
        }
    }
}
