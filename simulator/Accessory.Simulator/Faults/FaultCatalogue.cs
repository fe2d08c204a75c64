using System.Diagnostics.CodeAnalysis;

namespace Accessory.Simulator.Faults;

/// <summary>Every fault the simulator knows, as data; names are stable because scripts and scenario files use them.</summary>
public static class FaultCatalogue
{
    private const string PathDescription = "only requests whose path starts with this prefix (empty = every path)";

    private static readonly string[] TlsVersions = ["1.0", "1.1", "1.2", "1.3"];

    public static IReadOnlyList<FaultDefinition> All { get; } =
    [
        new("tls.abort-without-close-notify", "Drop the TLS connection without sending close_notify after some responses.",
        [
            FaultParameter.Number("after", 1, 1, int.MaxValue, "responses sent on a connection before it is dropped"),
        ]),
        new("tls.session-tickets", "Whether the TLS server issues session tickets.",
        [
            FaultParameter.Bool("enabled", false, "issue session tickets"),
        ]),
        new("tls.resumption", "Whether the TLS server accepts session resumption.",
        [
            FaultParameter.Bool("enabled", false, "accept resumed sessions"),
        ]),
        new("tls.chain", "Which certificate chain the TLS server presents.",
        [
            FaultParameter.Enum("variant", "valid", "the chain presented", "self-signed", "valid", "missing-intermediate", "expired", "wrong-hostname", "untrusted-root"),
        ]),
        new("tls.version", "Restrict the TLS protocol versions the server accepts.",
        [
            FaultParameter.Enum("min", "1.2", "lowest version accepted", TlsVersions),
            FaultParameter.Enum("max", "1.3", "highest version accepted", TlsVersions),
        ], CheckTlsVersions),
        new("server.outage", "The device's server becomes unreachable after a delay, then recovers by itself.",
        [
            FaultParameter.Enum("mode", "refuse", "refuse: connections refused; blackhole: no answer at all; reset: connections reset", "refuse", "blackhole", "reset"),
            FaultParameter.Duration("duration", TimeSpan.FromSeconds(10), "how long the outage lasts"),
            FaultParameter.Duration("delay", TimeSpan.Zero, "how long after the fault is set the outage starts", allowZero: true),
        ]),
        new("http.delay", "Delay HTTP responses.",
        [
            FaultParameter.Number("ms", 1000, 0, 600_000, "delay in milliseconds before the response"),
            FaultParameter.Text("path", string.Empty, PathDescription),
        ]),
        new("http.status", "Answer HTTP requests with a fixed status code.",
        [
            FaultParameter.Number("code", 503, 200, 599, "status code to answer with (1xx codes are not final answers and break clients)"),
            FaultParameter.Text("path", string.Empty, PathDescription),
            FaultParameter.Number("count", 0, 0, int.MaxValue, "0 = every matching request; N = the next N, then the fault clears itself"),
            FaultParameter.Number("retry-after", null, 0, 86_400, "seconds for a Retry-After header (absent unless given)"),
        ]),
        new("http.reset", "Reset the TCP connection (RST) part-way through an HTTP response.",
        [
            FaultParameter.Number("after-bytes", 0, 0, int.MaxValue, "response bytes sent before the reset"),
            FaultParameter.Text("path", string.Empty, PathDescription),
        ]),
        new("http.vary", "Control the caching headers of a response to exercise phone-side caches.",
        [
            FaultParameter.HeaderName("header", "Accept-Language", "request header the response depends on"),
            FaultParameter.Bool("vary", false, "whether the response carries Vary: <header>"),
            FaultParameter.Text("cache-control", "max-age=60", "the Cache-Control header of the response"),
            FaultParameter.Text("path", "/api/v1/info", PathDescription),
        ]),
        new("ws.abort", "Drop the WebSocket's TCP connection without a close frame.",
        [
            FaultParameter.Number("after", 0, 0, int.MaxValue, "server messages sent before the connection is dropped"),
        ]),
        new("ws.close", "Close the WebSocket with a given close code and reason.",
        [
            FaultParameter.Number("code", 1001, 1000, 4999, "close code (1004, 1005, 1006 and 1015 may not be sent)", 1004, 1005, 1006, 1015),
            FaultParameter.Text("reason", string.Empty, "close reason", maxUtf8Bytes: 123),
            FaultParameter.Number("after", 0, 0, int.MaxValue, "server messages sent before the close frame"),
        ]),
        new("ws.no-pong", "The WebSocket server stops answering pings.", []),
        new("wifi.ap-lost", "The device's access point vanishes, then returns.",
        [
            FaultParameter.Duration("duration", TimeSpan.FromSeconds(10), "how long the access point is gone"),
        ]),
        new("mqtt.broker-outage", "The MQTT broker becomes unreachable, then returns.",
        [
            FaultParameter.Duration("duration", TimeSpan.FromSeconds(10), "how long the broker is unreachable"),
        ]),
        new("nan.drop", "The device's NAN radio drops a share of the frames it sends and hears.",
        [
            FaultParameter.Text("probability", "0.5", "share of frames dropped, 0..1"),
        ], CheckProbability),
        new("nan.delay-match", "The device's NAN frames (replies, unsolicited publishes, follow-ups) go out late.",
        [
            FaultParameter.Number("ms", 1000, 0, 600_000, "delay in milliseconds before each frame is sent"),
        ]),
        new("nan.ttl-early", "The device's NAN publish terminates early (applies to publishes started while set).",
        [
            FaultParameter.Number("seconds", 5, 1, 65_535, "publish lifetime in seconds"),
        ]),
        new("nan.datapath-reject", "The device rejects NAN data-path requests.",
        [
            FaultParameter.Text("reason", "rejected", "reject reason sent to the subscriber (1-64 printable ASCII)", maxUtf8Bytes: 64),
        ], CheckReason),
        new("nan.pairing-fail", "The device rejects NAN data-path requests with reason pairing-failed (pairing is not modelled).", []),
        new("ble.disconnect", "The device drops BLE connections as a link loss would, once: all at once, or instead of answering a coming write; then the fault clears itself.",
        [
            FaultParameter.Number("after-writes", 0, 0, 100_000, "0: drop every open connection now; N: drop the connection that makes the N-th GATT write from now, unanswered"),
        ]),
        new("mdns.silent", "The device's mDNS responder says nothing (no answers, announcements or goodbyes), as a device that lost power; clearing it restarts the responder, which probes and announces again.", []),
    ];

    public static IEnumerable<string> Names => All.Select(f => f.Name);

    public static bool TryGet(string name, [NotNullWhen(true)] out FaultDefinition? definition)
    {
        definition = All.FirstOrDefault(f => f.Name == name);
        return definition != null;
    }

    private static string? CheckProbability(FaultSpec spec)
    {
        string text = spec.GetString("probability");
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double p) && p >= 0 && p <= 1
            ? null
            : $"fault 'nan.drop': probability '{text}' is not a number within 0..1";
    }

    private static string? CheckReason(FaultSpec spec) =>
        Accessory.Core.Nan.NanDataPathCodec.IsValidReason(spec.GetString("reason"))
            ? null
            : "fault 'nan.datapath-reject': reason must be 1-64 printable ASCII characters";

    private static string? CheckTlsVersions(FaultSpec spec)
    {
        string min = spec.GetEnum("min");
        string max = spec.GetEnum("max");
        return Array.IndexOf(TlsVersions, min) > Array.IndexOf(TlsVersions, max)
            ? $"fault 'tls.version': min ({min}) is above max ({max})"
            : null;
    }
}
