namespace Accessory.Simulator.Cli.Qa;

/// <summary>What the steps reach: a simulated device (every step) or a real one (phone-side steps only).</summary>
internal interface IScenarioTarget : IAsyncDisposable
{
    /// <summary>The SoftAP/HTTP provisioning address.</summary>
    Uri ProvisioningAddress { get; }

    /// <summary>The virtual BLE link's socket; null when the target has none.</summary>
    string? BleSocket { get; }

    /// <summary>The local API's HTTPS port on 127.0.0.1 or the given host; null when there is none.</summary>
    Uri? ApiBase { get; }

    /// <summary>SHA-256 of the certificate to pin; a real device's is learnt from its first answer (trust on first use).</summary>
    string? PinnedFingerprint { get; set; }

    /// <summary>The local API access token a paired phone sends (Authorization: Bearer); null when there is none.</summary>
    string? ApiToken { get; }

    /// <summary>Where a provision step saves the token the device gives inside the session; null to fetch none.</summary>
    FileInfo? TokenFile { get; }

    /// <summary>The in-process device for device actions; null on a real device.</summary>
    SimulatedDevice? Simulated { get; }

    int? BrokerPort { get; }

    /// <summary>A control API serving GET /status and GET /events (the simulator's own, or --device-control); null without.</summary>
    Uri? Control { get; }

    /// <summary>Returns once the control API's event stream has delivered every event published so far (bounded).</summary>
    Task CatchUpAsync();

    /// <summary>The phone's namespace on the scenario's own LAN, where discover steps browse; null without one.</summary>
    Accessory.Simulator.Net.NetworkNamespace? PhoneNamespace { get; }

    /// <summary>The device's name, the mDNS instance a discover step looks for by default; null when unknown.</summary>
    string? DeviceName { get; }
}
