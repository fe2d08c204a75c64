namespace Accessory.Simulator.Fleet;

/// <summary>What a fleet is made of: groups of devices that differ in model, firmware, telemetry and faults.</summary>
public sealed class FleetSpec
{
    /// <summary>Most devices one process runs: each holds a socket, and 50,000 is past what one broker link pool serves well.</summary>
    public const int MaxDevices = 50_000;

    /// <summary>A fleet runs at most a week; anything longer is a deployment, not a simulation.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(7);

    public string Name { get; init; } = "fleet";

    /// <summary>From the file; the command line's --broker wins.</summary>
    public string? Broker { get; init; }

    /// <summary>From the file (broker_ca, resolved against the file's folder); the command line's --broker-ca wins.</summary>
    public string? BrokerCa { get; init; }

    /// <summary>From the file; the command line's --duration wins. Null runs until Ctrl+C.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Devices started per second (each joins its Wi-Fi, then connects); 0 starts all at once.</summary>
    public int StartRate { get; init; } = 2000;

    public IReadOnlyList<FleetGroup> Groups { get; init; } = [];

    /// <summary>From the file; the command line's --mdns-interface wins. Null advertises nothing.</summary>
    public FleetMdnsSpec? Mdns { get; init; }

    public int TotalDevices => Groups.Sum(g => g.Count);

    /// <summary>Devices of the groups that do not leave themselves out of mDNS: the ones advertised when the fleet advertises.</summary>
    public int AdvertisedDevices => Groups.Where(g => g.Advertised).Sum(g => g.Count);

    /// <summary>One group of <paramref name="count"/> default devices: what `fleet --count N` runs without a file.</summary>
    public static FleetSpec Default(int count) => new() { Groups = [new FleetGroup { Name = "default", Count = count }] };
}

/// <summary>Devices that share a model, firmware version, telemetry rate, link tunables and faults.</summary>
public sealed class FleetGroup
{
    public string Name { get; init; } = "default";

    public int Count { get; init; }

    public string Model { get; init; } = "sim-lamp";

    public string FirmwareVersion { get; init; } = "0.1.0";

    /// <summary>Telemetry period; zero sends none.</summary>
    public TimeSpan TelemetryEvery { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Each period is drawn from every × (1 ± jitter), so devices started together do not publish together.</summary>
    public double TelemetryJitter { get; init; } = 0.1;

    public int QueueCapacity { get; init; } = 64;

    public TimeSpan ReconnectBase { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectCap { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<FleetFault> Faults { get; init; } = [];

    /// <summary>Null: the group's devices come out of the box provisioned. Otherwise they wait for a phone, each on its own port.</summary>
    public FleetProvisioning? Provisioning { get; init; }

    /// <summary>Null: the group's devices serve no local API. Otherwise each serves HTTPS on its own port.</summary>
    public FleetLocalApi? LocalApi { get; init; }

    /// <summary>
    /// The group's `mdns`: false leaves its devices out while the fleet advertises; true asks for them to be
    /// advertised (which needs an interface for the fleet); null (not said) follows the fleet.
    /// </summary>
    public bool? Mdns { get; init; }

    /// <summary>Whether the group's devices are advertised when the fleet advertises: unless it says `mdns: false`.</summary>
    public bool Advertised => Mdns != false;

    /// <summary>Where the group said `mdns` ("lab.yaml:9"), for the error when it asks for mDNS and the fleet has no interface.</summary>
    public string MdnsOrigin { get; init; } = string.Empty;
}

public enum FleetFaultKind
{
    /// <summary>The device's access point goes off the air: the link drops without DISCONNECT and the broker sends its Will.</summary>
    WifiLoss,

    /// <summary>The broker becomes unreachable for the device: the link drops and every reconnect fails for the window.</summary>
    BrokerOutage,
}

/// <summary>"share of the group's devices, every period, for duration", e.g. 10% lose Wi-Fi every 5 min for 30 s.</summary>
public sealed record FleetFault(FleetFaultKind Kind, double Share, TimeSpan Every, TimeSpan Duration);
