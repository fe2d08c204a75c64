using System.Net;
using System.Text;
using Accessory.Core.Ports;
using Accessory.Core.Provisioning;
using Accessory.Core.Provisioning.Security;

namespace Accessory.Simulator.Fleet;

/// <summary>
/// A group that starts unprovisioned and offers ESP-IDF's SoftAP/HTTP provisioning: device k of the group listens on
/// its own port, <see cref="HttpPortBase"/> + k, so phone-side clients (`accessory-sim provision`, esp_prov) that
/// take a host:port work unchanged. Holds the group's secret: never print it (<see cref="ToString"/> leaves it out).
/// </summary>
public sealed class FleetProvisioning
{
    private readonly object _gate = new();
    private SrpGroup? _group;
    private SrpCredentials? _credentials;

    public int HttpPortBase { get; init; }

    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>
    /// When set, each device also offers BLE provisioning on the virtual BLE link: a Unix socket
    /// &lt;folder&gt;/&lt;device id&gt;.sock (docs/ble-virtual-link.md), sharing its provisioning session with SoftAP/HTTP.
    /// </summary>
    public string? BleSocketDirectory { get; init; }

    /// <summary>The virtual BLE socket of a device, or null without BLE.</summary>
    public string? BleSocketOf(string deviceId) => BleSocketDirectory is null ? null : Path.Combine(BleSocketDirectory, deviceId + ".sock");

    /// <summary>ESP-IDF's security scheme: 0 (none), 1 (X25519 + proof of possession), 2 (SRP-6a).</summary>
    public int Security { get; init; } = 1;

    /// <summary>sec1 proof of possession; null or empty means none ("no_pop").</summary>
    public string? ProofOfPossession { get; init; }

    public string Username { get; init; } = "wifiprov";

    /// <summary>sec2 password (each device keeps only the salt and the verifier).</summary>
    public string Password { get; init; } = string.Empty;

    /// <summary>ESP-IDF's CONFIG_WIFI_PROV_AUTOSTOP_TIMEOUT: provisioning ends this long after a join the phone never asked about.</summary>
    public TimeSpan AutoStop { get; init; } = TimeSpan.FromMilliseconds(ProvisioningOptions.DefaultAutoStopMilliseconds);

    /// <summary>The port of the group's device at <paramref name="position"/> (0 for its first device).</summary>
    public int PortOf(int position) => HttpPortBase + position;

    /// <summary>True when a phone must prove a secret (sec1 with a PoP, or sec2): the cap list of proto-ver says so.</summary>
    public bool UsesSecret => Security == 2 || (Security == 1 && !string.IsNullOrEmpty(ProofOfPossession));

    /// <summary>
    /// A fresh scheme for one device (sessions are per device). The SRP verifier is computed once per group: a
    /// 3072-bit exponentiation per device would cost seconds across a large group, and the password is the group's anyway.
    /// </summary>
    public ISecurityScheme CreateScheme(ICryptoProvider crypto, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(crypto);
        switch (Security)
        {
            case 0:
                return new Sec0Scheme();
            case 1:
                return new Sec1Scheme(crypto, random, string.IsNullOrEmpty(ProofOfPossession) ? null : Encoding.UTF8.GetBytes(ProofOfPossession));
            default:
                SrpGroup group;
                SrpCredentials credentials;
                lock (_gate)
                {
                    group = _group ??= SrpGroup.Rfc5054Group3072(crypto);
                    credentials = _credentials ??= SrpCredentialsFactory.Create(group, random, Username, Password);
                }

                return new Sec2Scheme(crypto, random, group, credentials, 1);
        }
    }

    public override string ToString() => $"sec{Security} on {BindAddress}:{HttpPortBase}+";
}
