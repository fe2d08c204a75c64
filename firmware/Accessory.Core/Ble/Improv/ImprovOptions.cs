namespace Accessory.Core.Ble.Improv;

/// <summary>How the Improv service behaves and what it tells the phone.</summary>
public sealed class ImprovOptions
{
    /// <summary>Improv suggests revoking a button-press authorization after about a minute.</summary>
    public const int DefaultAuthorizationTimeoutMilliseconds = 60000;

    /// <summary>When false the service starts authorized, as the spec asks of gadgets without a button.</summary>
    public bool RequireAuthorization { get; set; }

    /// <summary>The device already holds working credentials: Improv starts (and stays) in the provisioned state.</summary>
    public bool AlreadyProvisioned { get; set; }

    /// <summary>0 keeps an authorization until provisioning ends.</summary>
    public int AuthorizationTimeoutMilliseconds { get; set; } = DefaultAuthorizationTimeoutMilliseconds;

    /// <summary>Where the provisioned device can be reached; sent in the Wi-Fi settings result.</summary>
    public string[] RedirectUrls { get; set; } = new string[0];

    public string FirmwareName { get; set; } = "Accessory";

    public string FirmwareVersion { get; set; } = "0.0.0";

    public string Hardware { get; set; } = "esp32";

    public string DeviceName { get; set; } = "Accessory";
}
