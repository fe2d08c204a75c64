using System.Net;
using System.Net.Sockets;

namespace Accessory.Simulator.Nan;

/// <summary>How the simulated device publishes over Wi-Fi Aware (the UDP medium) and answers data-path requests.</summary>
public sealed class NanOptions
{
    /// <summary>The one interface the medium lives on; required, since the medium multicasts.</summary>
    public required string InterfaceName { get; init; }

    /// <summary>
    /// Publish through this host's real radio via wpa_supplicant's control interface (`--nan wpa-supplicant`)
    /// instead of the simulated medium; data paths and the nan.* faults then do not apply. Null: simulated medium.
    /// </summary>
    public Accessory.Simulator.Nan.Wpa.WpaNanOptions? WpaSupplicant { get; init; }

    /// <summary>Creates the medium's socket (tests put it in a namespace); a plain socket when null.</summary>
    public Func<AddressFamily, Socket>? SocketFactory { get; init; }

    public string ServiceName { get; init; } = "_accessory._tcp";

    public bool PublishWhileUnprovisioned { get; init; } = true;

    public bool PublishWhileOnline { get; init; } = true;

    /// <summary>
    /// The address sent in a data-path accept when the local API binds a wildcard; a specific bind address is sent
    /// as it is, and a loopback-only API (or none) rejects with "no-local-api".
    /// </summary>
    public IPAddress? DataPathAddress { get; init; }

    /// <summary>Passed to <see cref="UdpNanRadioOptions.LossProbability"/>.</summary>
    public double LossProbability { get; init; }

    /// <summary>Passed to <see cref="UdpNanRadioOptions.LatencyMilliseconds"/>.</summary>
    public int LatencyMilliseconds { get; init; }
}
