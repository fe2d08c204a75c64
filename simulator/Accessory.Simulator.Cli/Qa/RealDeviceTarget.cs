namespace Accessory.Simulator.Cli.Qa;

/// <summary>
/// Target `device`: a board (or anything ESP-IDF compatible) already running, reached at its SoftAP/HTTP address and
/// optionally its local API. Nothing is started or reset between scenarios; device actions are refused up front.
/// </summary>
internal sealed class RealDeviceTarget(Uri provisioning, Uri? api, Uri? control, FileInfo? tokenFile = null) : IScenarioTarget
{
    /// <summary>Steps that need the device in hand (or a simulator), refused by name on this target.</summary>
    public static readonly IReadOnlySet<string> Refused = new HashSet<string>(StringComparer.Ordinal)
    {
        "fault", "button", "ap_loss", "broker_outage", "reboot", "factory_reset", "mqtt", "mqtt_command", "telemetry", "discover",
    };

    /// <summary>A control API serving GET /status (a simulator standing in, or firmware that offers one); null otherwise.</summary>
    public Uri? Control { get; } = control;

    public Uri ProvisioningAddress { get; } = provisioning;

    public string? BleSocket => null;

    public Uri? ApiBase { get; } = api;

    public string? PinnedFingerprint { get; set; }

    public SimulatedDevice? Simulated => null;

    /// <summary>--device-token-file: read at each step, so a token a provision step saved is used by the steps after it.</summary>
    public FileInfo? TokenFile { get; } = tokenFile;

    public string? ApiToken
    {
        get
        {
            if (TokenFile == null || !File.Exists(TokenFile.FullName))
            {
                return null;
            }

            string token = File.ReadAllText(TokenFile.FullName).Trim();
            return token.Length == 0 ? null : token;
        }
    }

    /// <summary>Why a token file must not be used (others may read it); null when it is fine or absent.</summary>
    public static string? TokenFileProblem(FileInfo file)
    {
        if (!File.Exists(file.FullName))
        {
            return Directory.Exists(file.DirectoryName) ? null : $"--device-token-file {file.FullName}: its folder does not exist";
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(file.FullName) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            return $"--device-token-file {file.FullName}: other users may read or write it; the access token must be private (chmod 600)";
        }

        return null;
    }

    public int? BrokerPort => null;

    public Accessory.Simulator.Net.NetworkNamespace? PhoneNamespace => null;

    public string? DeviceName => null;

    /// <summary>The first step of a scenario this target cannot run, with why; null when all can run.</summary>
    public static string? Check(Scenario scenario, bool hasApi, bool hasControl)
    {
        foreach (var step in scenario.Steps.Concat(scenario.Steps.SelectMany(s => s.Steps)))
        {
            string? why = step.Kind switch
            {
                "wait" when !hasControl => "a real device's lifecycle state is only readable through a control API serving GET /status: give it with --device-control HOST:PORT",
                var k when Refused.Contains(k) => k is "mqtt" or "mqtt_command" or "telemetry"
                    ? "a real device's cloud broker is not reachable from the runner"
                    : k == "discover"
                    ? "the runner browses mDNS only inside a namespace it creates (it never multicasts on this machine's interfaces); browse a board on its LAN with avahi-browse -rt _accessory._tcp"
                    : "a real board takes no device actions (faults, button, AP loss, broker outage, reboot, factory reset) from the runner",
                "provision" when (step.Transport ?? "softap") is "ble" or "improv" => "BLE to a real board goes through BlueZ, which this runner does not drive yet",
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

    // A real device's events are not followed yet: nothing to wait for.
    public Task CatchUpAsync() => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
