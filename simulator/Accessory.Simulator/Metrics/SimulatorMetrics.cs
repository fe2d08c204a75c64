using Prometheus;

namespace Accessory.Simulator.Metrics;

/// <summary>
/// The simulator's Prometheus figures, served by <c>GET /metrics</c> on the control port. One registry per process
/// (not prometheus-net's default one, which would add adapters we do not want): `accessory-sim run` is one device,
/// so process and device figures are the same thing. Names and labels are documented in docs/dashboard.md.
/// </summary>
public static class SimulatorMetrics
{
    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private static readonly double[] HandlingBuckets = [0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025];
    private static readonly object Gate = new();
    private static readonly List<Action> Samplers = [];

    static SimulatorMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        ProvisioningSessions = factory.CreateCounter(
            "accessory_provisioning_sessions_total",
            "Provisioning sessions that ended, by transport, security level and outcome (connected, failed, abandoned).",
            ["transport", "security", "outcome"]);
        ProvisioningHandshake = factory.CreateHistogram(
            "accessory_provisioning_handshake_seconds",
            "From a provisioning session opening to its last security handshake response.",
            ["transport", "security"],
            new HistogramConfiguration { Buckets = LatencyBuckets });
        ProvisioningFlow = factory.CreateHistogram(
            "accessory_provisioning_flow_seconds",
            "From a provisioning session opening to its outcome (joined the network, or failed).",
            ["transport", "security", "outcome"],
            new HistogramConfiguration { Buckets = LatencyBuckets });
        ScanRequests = factory.CreateCounter("accessory_wifi_scan_requests_total", "Wi-Fi scans started by the device's radio.");
        MdnsQueries = factory.CreateCounter("accessory_mdns_queries_total", "mDNS query datagrams the device's responder received.");
        MdnsAnswers = factory.CreateCounter("accessory_mdns_answers_total", "mDNS response datagrams the device's responder sent.");
        MdnsHandling = factory.CreateHistogram(
            "accessory_mdns_handling_seconds",
            "From an mDNS datagram leaving the socket to the responder having handled it (its answer, if any, sent).",
            new HistogramConfiguration { Buckets = HandlingBuckets });
        MdnsReceiveAllocated = factory.CreateCounter(
            "accessory_mdns_receive_allocated_bytes_total",
            "Bytes the responder's receive threads allocated per datagram cycle (receive, copy, handling, answer).");
        RuntimeFigures.Register(factory);
        MqttConnects = factory.CreateCounter("accessory_mqtt_connects_total", "MQTT connection attempts by result (connected, refused, failed).", ["result"]);
        MqttConnected = factory.CreateGauge("accessory_mqtt_connected", "1 while the MQTT link is up.");
        MqttPublishes = factory.CreateCounter("accessory_mqtt_publishes_total", "Publishes handed to the MQTT link (resends included).");
        MqttQueueDepth = factory.CreateGauge("accessory_mqtt_queue_depth", "Messages waiting for the link or for the broker's acknowledgement.");
        MqttDropped = factory.CreateCounter("accessory_mqtt_dropped_total", "Queued MQTT messages dropped because the queue was full.");
        LocalApiRequests = factory.CreateCounter("accessory_local_api_requests_total", "Local API requests answered, by route and status.", ["route", "status"]);
        WebSocketConnections = factory.CreateCounter("accessory_websocket_connections_total", "WebSocket connections accepted on the local API.");
        WebSocketOpen = factory.CreateGauge("accessory_websocket_connections_open", "WebSocket connections open on the local API.");
        FaultsFired = factory.CreateCounter("accessory_faults_fired_total", "Times an active fault acted, by fault name.", ["fault"]);
        DotNetStats.Register(Registry);
        Registry.AddBeforeCollectCallback(Sample);
    }

    public static CollectorRegistry Registry { get; }

    public static Counter ProvisioningSessions { get; }

    public static Histogram ProvisioningHandshake { get; }

    public static Histogram ProvisioningFlow { get; }

    public static Counter ScanRequests { get; }

    public static Counter MdnsQueries { get; }

    public static Counter MdnsAnswers { get; }

    public static Histogram MdnsHandling { get; }

    public static Counter MdnsReceiveAllocated { get; }

    public static Counter MqttConnects { get; }

    public static Gauge MqttConnected { get; }

    public static Counter MqttPublishes { get; }

    public static Gauge MqttQueueDepth { get; }

    public static Counter MqttDropped { get; }

    public static Counter LocalApiRequests { get; }

    public static Counter WebSocketConnections { get; }

    public static Gauge WebSocketOpen { get; }

    public static Counter FaultsFired { get; }

    /// <summary>Adds a reader of figures the device already counts (MQTT queue, publishes); run before each scrape.</summary>
    public static void AddSampler(Action sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        lock (Gate)
        {
            Samplers.Add(sample);
        }
    }

    public static void RemoveSampler(Action sample)
    {
        lock (Gate)
        {
            Samplers.Remove(sample);
        }
    }

    /// <summary>The local API's routes as metric labels: known paths as they are, commands by name, anything else "other".</summary>
    public static string RouteLabel(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        int query = path.IndexOf('?', StringComparison.Ordinal);
        string route = query >= 0 ? path[..query] : path;
        if (route is Accessory.Core.LocalApi.LocalApiPaths.Info or Accessory.Core.LocalApi.LocalApiPaths.State or Accessory.Core.LocalApi.LocalApiPaths.Events)
        {
            return route;
        }

        // Command names come from the client; only short, plain ones become label values, so labels stay bounded.
        if (route.StartsWith(Accessory.Core.LocalApi.LocalApiPaths.CommandsPrefix, StringComparison.Ordinal))
        {
            string name = route[Accessory.Core.LocalApi.LocalApiPaths.CommandsPrefix.Length..];
            return name.Length is > 0 and <= 32 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
                ? route
                : Accessory.Core.LocalApi.LocalApiPaths.CommandsPrefix + "other";
        }

        return "other";
    }

    /// <summary>
    /// Counts a fault acting, from the log line a fault hook writes when it acts ("fault NAME: what it did"); only
    /// names in the catalogue count, so a stray line cannot make up a label. Faults that act without a log line
    /// (http.status, http.delay, http.vary, on every request) are counted where they act.
    /// </summary>
    public static void ObserveLogLine(string message)
    {
        if (message is null || !message.StartsWith("fault ", StringComparison.Ordinal))
        {
            return;
        }

        int colon = message.IndexOf(':', 6);
        if (colon < 0)
        {
            return;
        }

        string name = message[6..colon];
        if (Accessory.Simulator.Faults.FaultCatalogue.TryGet(name, out _))
        {
            FaultsFired.WithLabels(name).Inc();
        }
    }

    private static void Sample()
    {
        RuntimeFigures.Sample();
        Action[] samplers;
        lock (Gate)
        {
            samplers = [.. Samplers];
        }

        foreach (var sample in samplers)
        {
            sample();
        }
    }
}
