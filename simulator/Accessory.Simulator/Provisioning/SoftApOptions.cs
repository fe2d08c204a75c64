using System.Net;

namespace Accessory.Simulator.Provisioning;

/// <summary>How the simulated device offers Wi-Fi provisioning over HTTP (ESP-IDF's "softap" transport).</summary>
public sealed class SoftApOptions
{
    /// <summary>ESP-IDF's security scheme: 0 (none), 1 (X25519 + PoP), 2 (SRP-6a).</summary>
    public int Security { get; init; } = 2;

    /// <summary>sec1 proof of possession; null or empty means none ("no_pop").</summary>
    public string? ProofOfPossession { get; init; }

    public string Username { get; init; } = "wifiprov";

    /// <summary>sec2 password (the device keeps only salt and verifier).</summary>
    public string Password { get; init; } = string.Empty;

    /// <summary>sec2 patch version: 1 = counter nonces (current ESP-IDF), 0 = fixed nonce (older firmware).</summary>
    public int Sec2PatchVersion { get; init; } = 1;

    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port (tests); ESP32 devices use 80.</summary>
    public int HttpPort { get; init; } = 80;

    /// <summary>Keeps provisioning open after success (no auto-stop), so prov-ctrl reprov works as ESP-IDF allows.</summary>
    public bool KeepAlive { get; init; }

    /// <summary>
    /// Seconds after a successful join after which provisioning ends even if the phone never asked for the status
    /// (ESP-IDF's CONFIG_WIFI_PROV_AUTOSTOP_TIMEOUT: 30 by default, at least 5). The same in every timing mode.
    /// </summary>
    public int AutoStopSeconds { get; init; } = Accessory.Core.Provisioning.ProvisioningOptions.DefaultAutoStopMilliseconds / 1000;

    /// <summary>Overrides the delay between ApplyConfig and the join (ESP-IDF: about 1 s); benchmarks use 0.</summary>
    public int? ApplyDelayMilliseconds { get; init; }

    /// <summary>The same options on another port: a rebooted device keeps the port it was given when 0 was asked for.</summary>
    public SoftApOptions OnPort(int port) => new()
    {
        Security = Security,
        ProofOfPossession = ProofOfPossession,
        Username = Username,
        Password = Password,
        Sec2PatchVersion = Sec2PatchVersion,
        BindAddress = BindAddress,
        HttpPort = port,
        KeepAlive = KeepAlive,
        AutoStopSeconds = AutoStopSeconds,
        ApplyDelayMilliseconds = ApplyDelayMilliseconds,
    };

    public void Validate()
    {
        if (Security is < 0 or > 2)
        {
            throw new ArgumentException($"security scheme {Security} does not exist; use 0, 1 or 2");
        }

        if (Security == 2 && (string.IsNullOrEmpty(Username) || string.IsNullOrEmpty(Password)))
        {
            throw new ArgumentException("security 2 needs a username and a password");
        }

        if (Sec2PatchVersion is not (0 or 1))
        {
            throw new ArgumentException($"sec2 patch version {Sec2PatchVersion} is not supported; use 0 or 1");
        }

        int minimum = Accessory.Core.Provisioning.ProvisioningOptions.MinimumAutoStopMilliseconds / 1000;
        if (AutoStopSeconds < minimum || AutoStopSeconds > 3600)
        {
            throw new ArgumentException($"provisioning auto-stop of {AutoStopSeconds} s is out of range; ESP-IDF allows {minimum} s at least (default 30), and this simulator at most 3600");
        }

        if (HttpPort is < 0 or > 65535)
        {
            throw new ArgumentException($"HTTP port {HttpPort} is out of range");
        }
    }
}
