using Accessory.Simulator.Net;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>A namespace fact that also needs python3-zeroconf (and avahi when <see cref="NeedsAvahi"/>), skipped with the reason otherwise.</summary>
public sealed class ZeroconfFactAttribute : FactAttribute
{
    private bool _needsAvahi;

    public ZeroconfFactAttribute()
    {
        Skip = NetworkNamespace.UnavailableReason ?? MdnsScripts.ZeroconfUnavailableReason;
    }

    public bool NeedsAvahi
    {
        get => _needsAvahi;
        set
        {
            _needsAvahi = value;
            Skip ??= value ? AvahiBrowser.UnavailableReason : null;
        }
    }
}
