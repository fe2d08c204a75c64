using Accessory.Simulator.Net;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>A theory over network namespaces that needs python3-zeroconf; skipped with the reason otherwise.</summary>
public sealed class ZeroconfTheoryAttribute : TheoryAttribute
{
    public ZeroconfTheoryAttribute()
    {
        Skip = NetworkNamespace.UnavailableReason ?? MdnsScripts.ZeroconfUnavailableReason;
    }
}
