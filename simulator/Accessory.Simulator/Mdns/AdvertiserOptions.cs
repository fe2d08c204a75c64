using System.Net;

namespace Accessory.Simulator.Mdns;

/// <summary>How the simulated device advertises itself over mDNS / DNS-SD.</summary>
public sealed class AdvertiserOptions
{
    /// <summary>The transport: which interface, which families, and (in tests) a namespace socket factory.</summary>
    public required MulticastTransportOptions Transport { get; init; }

    /// <summary>The addresses published as A/AAAA records for the host name.</summary>
    public required IReadOnlyList<IPAddress> Addresses { get; init; }

    /// <summary>The port of the local control API advertised in the _accessory._tcp SRV record.</summary>
    public int ApiPort { get; init; } = 443;

    public string Model { get; init; } = "sim-lamp";

    public string FirmwareVersion { get; init; } = "0.1.0";

    /// <summary>Version of the local API protocol, for apps to check compatibility.</summary>
    public string ProtocolVersion { get; init; } = "1";
}
