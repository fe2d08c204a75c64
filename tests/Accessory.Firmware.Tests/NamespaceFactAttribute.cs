using Accessory.Simulator.Net;

namespace Accessory.Firmware.Tests;

/// <summary>A fact that is skipped, with the reason, where network namespaces cannot be created (not root, no ip).</summary>
public sealed class NamespaceFactAttribute : FactAttribute
{
    public NamespaceFactAttribute()
    {
        if (NetworkNamespace.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
