namespace Accessory.Simulator.Cli.Qa;

/// <summary>
/// Target `device`: a board (or anything ESP-IDF compatible) already running, reached at its SoftAP/HTTP address and
/// optionally its local API. Nothing is started or reset between scenarios; device actions are refused up front.
/// </summary>
internal sealed class RealDeviceTarget(Uri provisioning, Uri? api) : IScenarioTarget
{
    /// <summary>Steps that need the device in hand (or a simulator), refused by name on this target.</summary>
    public static readonly IReadOnlySet<string> Refused = new HashSet<string>(StringComparer.Ordinal)
    {
        "fault", "ap_loss", "broker_outage", "reboot", "factory_reset", "wait", "mqtt",
    };

    public Uri ProvisioningAddress { get; } = provisioning;

    public string? BleSocket => null;

    public Uri? ApiBase { get; } = api;

    public string? PinnedFingerprint { get; set; }

    public SimulatedDevice? Simulated => null;

    public int? BrokerPort => null;

    /// <summary>The first step of a scenario this target cannot run, with why; null when all can run.</summary>
    public static string? Check(Scenario scenario, bool hasApi)
    {
        foreach (var step in scenario.Steps.Concat(scenario.Steps.SelectMany(s => s.Steps)))
        {
            string? why = step.Kind switch
            {
                var k when Refused.Contains(k) => k is "mqtt" or "wait"
                    ? "a real device's lifecycle state and cloud broker are not reachable from the runner"
                    : "a real board takes no device actions (faults, AP loss, broker outage, reboot, factory reset) from the runner",
                "provision" when (step.Transport ?? "softap") == "ble" => "BLE to a real board goes through BlueZ, which this runner does not drive yet",
                "api" or "tls" or "websocket" when !hasApi => "give the device's local API address with --device-api HOST:PORT",
                _ => null,
            };
            if (why != null)
            {
                return $"{scenario.Path}:{step.Line}: step '{step.Kind}' cannot run on target device: {why}";
            }
        }

        return scenario.Cells.Any(c => c.Transport == "ble") ? $"{scenario.Path}: matrix transport ble cannot run on target device (no BlueZ driving yet)" : null;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
