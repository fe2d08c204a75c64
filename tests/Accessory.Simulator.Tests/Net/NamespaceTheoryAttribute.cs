using Accessory.Simulator.Net;

namespace Accessory.Simulator.Tests.Net;

/// <summary>A theory that is skipped, with the reason, where network namespaces cannot be created (not root, no ip).</summary>
public sealed class NamespaceTheoryAttribute : TheoryAttribute
{
    public NamespaceTheoryAttribute()
    {
        if (NetworkNamespace.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
