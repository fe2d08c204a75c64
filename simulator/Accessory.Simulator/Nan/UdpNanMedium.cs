using System.Net;

namespace Accessory.Simulator.Nan;

/// <summary>
/// The simulated air. IPv4 rather than IPv6: an IPv4 group needs no link-local address (and so no wait for
/// duplicate address detection) before the first frame. 239.255.0.0/16 is the administratively scoped range
/// (RFC 2365), never routed off-site, and the TTL of 1 keeps frames on the one link; the group and port are
/// arbitrary but fixed so independent processes (the CLI, tests) meet without configuration.
/// </summary>
public static class UdpNanMedium
{
    public const int Port = 47013;

    /// <summary>[destination 6][source 6] before the SDF payload.</summary>
    public const int HeaderLength = 12;

    public static IPAddress Group { get; } = IPAddress.Parse("239.255.78.65");
}
