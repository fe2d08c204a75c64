using Accessory.Core.Device;

namespace Accessory.Simulator.Metrics;

/// <summary>
/// Follows provisioning sessions for the metrics: a transport reports each request it answered, the device's
/// lifecycle reports the outcome. The handshake ends with the last security-session response before the first
/// request on another endpoint; the flow ends when the device joins its network (connected) or gives up (failed).
/// A session replaced by a new one before any outcome counts as abandoned.
/// </summary>
public sealed class ProvisioningSessionTracker
{
    private const string SessionEndpoint = "prov-session";
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private Session? _current;

    public ProvisioningSessionTracker(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    public static ProvisioningSessionTracker Shared { get; } = new();

    /// <summary>Follows every transport of one provisioning router (SoftAP/HTTP and BLE share it).</summary>
    public void Observe(Accessory.Core.Provisioning.ProtocommRouter router)
    {
        ArgumentNullException.ThrowIfNull(router);
        string security = "sec" + router.Security.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        router.RequestAnswered += (sessionId, endpoint, outcome, opened) =>
        {
            if (outcome == Accessory.Core.Provisioning.ProtocommOutcome.Ok)
            {
                Request(TransportOf(sessionId), security, endpoint, opened);
            }
        };
    }

    // BLE sessions live in their own id range (Accessory.Core.Ble.Provisioning.ProvisioningSessions.SessionOf).
    private static string TransportOf(uint sessionId) => (sessionId & 0xFFF00000u) == 0xB1E00000u ? "ble" : "softap";

    /// <summary>A transport answered <paramref name="endpoint"/>; <paramref name="opened"/> when this request opened a session.</summary>
    public void Request(string transport, string security, string endpoint, bool opened)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (opened || _current is null || _current.Transport != transport)
            {
                if (_current is { Outcome: null, Applied: false })
                {
                    Finish(_current, "abandoned", now);
                }

                _current = new Session(transport, security, now);
            }

            var session = _current;
            if (endpoint == SessionEndpoint)
            {
                session.HandshakeEnd = now;
            }
            else if (!session.HandshakeObserved && session.HandshakeEnd is { } end)
            {
                session.HandshakeObserved = true;
                SimulatorMetrics.ProvisioningHandshake.WithLabels(session.Transport, session.Security).Observe((end - session.Opened).TotalSeconds);
            }

            if (endpoint == "prov-config")
            {
                // A phone may send new credentials in the same session after a failed join: a new attempt.
                session.Applied = true;
                session.Outcome = null;
            }
        }
    }

    /// <summary>Takes outcomes from the device's lifecycle; call once per device.</summary>
    public void Observe(DeviceLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.StateChanged += (from, to, trigger) =>
        {
            if (from != DeviceState.Connecting)
            {
                return;
            }

            string outcome = to == DeviceState.Online ? "connected" : "failed";
            lock (_gate)
            {
                if (_current is { Outcome: null, Applied: true } session)
                {
                    Finish(session, outcome, _time.GetUtcNow());
                }
            }
        };
    }

    private static void Finish(Session session, string outcome, DateTimeOffset now)
    {
        session.Outcome = outcome;
        SimulatorMetrics.ProvisioningSessions.WithLabels(session.Transport, session.Security, outcome).Inc();
        SimulatorMetrics.ProvisioningFlow.WithLabels(session.Transport, session.Security, outcome).Observe((now - session.Opened).TotalSeconds);
    }

    private sealed class Session(string transport, string security, DateTimeOffset opened)
    {
        public string Transport { get; } = transport;

        public string Security { get; } = security;

        public DateTimeOffset Opened { get; } = opened;

        public DateTimeOffset? HandshakeEnd { get; set; }

        public bool HandshakeObserved { get; set; }

        public bool Applied { get; set; }

        public string? Outcome { get; set; }
    }
}
