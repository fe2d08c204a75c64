using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>One scenario file as loaded: the device to start, the steps, and the matrix cells it runs in.</summary>
public sealed class Scenario
{
    public required string Path { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public required DeviceSpec Device { get; init; }

    public required IReadOnlyList<StepSpec> Steps { get; init; }

    /// <summary>One entry per matrix cell; a single empty cell when the scenario has no matrix.</summary>
    public required IReadOnlyList<MatrixCell> Cells { get; init; }
}

/// <summary>A matrix cell: the security level and transport that override the device and provision steps.</summary>
public sealed record MatrixCell(int? Security, string? Transport)
{
    public string Label => Security == null && Transport == null
        ? string.Empty
        : string.Join(", ", new[] { Security is int s ? "security=" + s : null, Transport is string t ? "transport=" + t : null }.Where(x => x != null));
}

/// <summary>The simulated device a scenario starts (target simulator).</summary>
public sealed class DeviceSpec
{
    /// <summary>The device's name (its mDNS instance and host label); the simulator's own default when null.</summary>
    public string? Name { get; set; }

    public int Security { get; set; } = 2;

    public string? Pop { get; set; }

    public string Username { get; set; } = "wifiprov";

    public string Password { get; set; } = "scenario-pass";

    /// <summary>A radio environment file (relative to the scenario); the shipped default when null.</summary>
    public string? EnvironmentFile { get; set; }

    /// <summary>fast (CI) or realistic.</summary>
    public string Timing { get; set; } = "fast";

    public List<FaultSpec> Faults { get; } = [];

    public bool Ble { get; set; } = true;

    /// <summary>Improv waits for the user's confirmation (a short button press) before it takes credentials.</summary>
    public bool ImprovAuthorization { get; set; }

    public bool Cloud { get; set; } = true;

    /// <summary>embedded (the simulator's own broker, really stopped by an outage) or mosquitto (Debian's, started by the runner).</summary>
    public string Broker { get; set; } = "embedded";

    /// <summary>The device's outbound MQTT queue bound (messages kept while the broker is unreachable).</summary>
    public int MqttQueue { get; set; } = 64;

    /// <summary>Telemetry interval; zero is none.</summary>
    public TimeSpan Telemetry { get; set; }

    public bool Api { get; set; } = true;

    public int AutoStopSeconds { get; set; } = 30;
}

/// <summary>One step: its kind, common settings, and the typed arguments of that kind.</summary>
public sealed class StepSpec
{
    public required string Kind { get; init; }

    public required int Line { get; init; }

    public string? Name { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    public string Title => Name ?? Kind + (Summary.Length == 0 ? string.Empty : " " + Summary);

    /// <summary>A short description of the arguments for titles (never a secret).</summary>
    public string Summary { get; set; } = string.Empty;

    // provision
    public string? Transport { get; set; }

    public byte[]? Ssid { get; set; }

    public string Passphrase { get; set; } = string.Empty;

    public string? Pop { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? Expect { get; set; }

    // scan
    public List<string> Present { get; } = [];

    public List<string> Absent { get; } = [];

    // api
    public string Method { get; set; } = "GET";

    public string Path { get; set; } = "/api/v1/info";

    public string? Body { get; set; }

    public int? ExpectStatus { get; set; }

    public Dictionary<string, string> ExpectJson { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> ExpectHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<string> ExpectNoHeaders { get; } = [];

    public Dictionary<string, string> RequestHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? ExpectError { get; set; }

    /// <summary>Accept a certificate other than the device's pinned one (to reach a device under a chain fault).</summary>
    public bool TrustAny { get; set; }

    /// <summary>Send on the scenario's one kept-alive connection instead of a new one.</summary>
    public bool Pooled { get; set; }

    // mqtt
    public string? Topic { get; set; }

    public string? ExpectPayload { get; set; }

    // fault
    public FaultSpec? FaultSet { get; set; }

    public string? FaultClear { get; set; }

    // ap_loss, broker_outage, sleep
    public TimeSpan Duration { get; set; }

    // wait
    public string? State { get; set; }

    // tls
    public bool? ExpectCloseNotify { get; set; }

    public bool? ExpectResumption { get; set; }

    public string? TlsVersion { get; set; }

    // discover
    public string Service { get; set; } = "_accessory._tcp";

    public string? Instance { get; set; }

    public string? Host { get; set; }

    public Dictionary<string, string> ExpectTxt { get; } = new(StringComparer.Ordinal);

    /// <summary>Expect no answer for the instance during <see cref="Duration"/> (a silent responder).</summary>
    public bool ExpectAbsent { get; set; }

    // websocket (its `during` request is the one entry of Steps)
    public string? ExpectClose { get; set; }

    /// <summary>Events expected in this order, each a set of JSON fields (field.sub: value); others may come between.</summary>
    public List<Dictionary<string, string>> ExpectEvents { get; } = [];

    // telemetry
    public bool Watch { get; set; }

    public int MaxMissing { get; set; }

    // repeat (Count is also telemetry's at_least)
    public int Count { get; set; }

    public double? P95Milliseconds { get; set; }

    public List<StepSpec> Steps { get; } = [];
}
