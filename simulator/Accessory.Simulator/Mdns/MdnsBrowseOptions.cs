using System.Net.Sockets;

namespace Accessory.Simulator.Mdns;

/// <summary>What <see cref="MdnsBrowseLoad"/> browses for and how long it waits.</summary>
public sealed class MdnsBrowseOptions
{
    /// <summary>The service type, e.g. _accessory._tcp.local.</summary>
    public string ServiceType { get; init; } = "_accessory._tcp.local";

    /// <summary>Instances the responder advertises: browsing stops once this many were named.</summary>
    public int ExpectedInstances { get; init; } = 1;

    /// <summary>How long to keep browsing for instances not named yet.</summary>
    public TimeSpan BrowseTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Resolves started per second (one SRV+TXT query each).</summary>
    public double ResolvesPerSecond { get; init; } = 200;

    /// <summary>How long after the last resolve began its answers may still come.</summary>
    public TimeSpan ResolveTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The interface to browse on (the group is joined there); null for the default.</summary>
    public string? InterfaceName { get; init; }

    /// <summary>Creates the socket (e.g. inside a network namespace); null for a plain socket.</summary>
    public Func<AddressFamily, Socket>? SocketFactory { get; init; }
}
