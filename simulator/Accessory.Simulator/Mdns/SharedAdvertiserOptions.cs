using System.Net;

namespace Accessory.Simulator.Mdns;

/// <summary>Where a <see cref="SharedMdnsAdvertiser"/> listens and what its own host record says.</summary>
public sealed class SharedAdvertiserOptions
{
    /// <summary>The interface to advertise on (one socket pair, one receive thread for every instance).</summary>
    public required MulticastTransportOptions Transport { get; init; }

    /// <summary>The addresses every instance's host name resolves to unless the instance brings its own.</summary>
    public required IReadOnlyList<IPAddress> Addresses { get; init; }

    /// <summary>The responder's own host label (advertised as &lt;label&gt;.local), next to the instances' host names.</summary>
    public string HostLabel { get; init; } = "accessory-fleet";
}
