using System.Net;

namespace Accessory.Simulator.Mdns;

/// <summary>The fixed mDNS groups and port (RFC 6762).</summary>
public static class MdnsAddresses
{
    public const int Port = 5353;

    public static readonly IPAddress GroupIPv4 = IPAddress.Parse("224.0.0.251");

    public static readonly IPAddress GroupIPv6 = IPAddress.Parse("ff02::fb");
}
