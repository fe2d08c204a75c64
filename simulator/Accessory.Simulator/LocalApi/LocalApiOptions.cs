using System.Net;
using System.Net.Sockets;

namespace Accessory.Simulator.LocalApi;

/// <summary>How the simulated device serves its local control API (what a phone uses after setup).</summary>
public sealed class LocalApiOptions
{
    /// <summary>Address both listeners bind to; 0.0.0.0 lets phones on the LAN reach it.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>HTTPS port (0 picks a free one).</summary>
    public int HttpsPort { get; init; } = 8443;

    /// <summary>Optional plain-HTTP port for clients that cannot trust a self-signed certificate; null = off.</summary>
    public int? HttpPort { get; init; }

    /// <summary>A configured certificate chain (leaf first, PEM) served instead of the device's self-signed one.</summary>
    public string? CertificateChainFile { get; init; }

    /// <summary>The private key (PEM) of <see cref="CertificateChainFile"/>.</summary>
    public string? CertificateKeyFile { get; init; }

    // The same defaults as the mDNS TXT record (AdvertiserOptions), so /api/v1/info and discovery agree.
    public string Model { get; init; } = "sim-lamp";

    public string FirmwareVersion { get; init; } = "0.1.0";

    /// <summary>Creates listening sockets (tests put them in a network namespace); plain sockets when null.</summary>
    public Func<IPEndPoint, Socket>? CreateListener { get; init; }
}
