namespace Accessory.Simulator.Net;

/// <summary>
/// Where `bench mdns` puts the two responders and their load generator. By default each responder has its own LAN with
/// its own client host, so a query wakes only the responder it is for. On one shared LAN (the earlier layout, kept to
/// compare) every multicast query wakes both responders; on a small machine the one woken second is then often sent
/// to the other CPU by an inter-processor wake-up, and in a virtual machine that wake-up can take milliseconds, so each
/// responder's figures carry the other's cost and the two are not measured alike.
/// </summary>
public sealed class ResponderBenchLans : IDisposable
{
    private readonly LanSegment _first;
    private readonly LanSegment? _second;

    private ResponderBenchLans(LanSegment first, LanSegment? second)
    {
        _first = first;
        _second = second;
    }

    public bool Shared => _second == null;

    /// <summary>Our responder's host.</summary>
    public LanHost Ours => _first["ours"];

    /// <summary>The host that queries our responder.</summary>
    public LanHost OursClient => _first["client"];

    /// <summary>avahi-daemon's host.</summary>
    public LanHost Avahi => (_second ?? _first)["avahi"];

    /// <summary>The host that queries avahi-daemon (the same host as <see cref="OursClient"/> on a shared LAN).</summary>
    public LanHost AvahiClient => (_second ?? _first)["client"];

    public static ResponderBenchLans Create(bool shared)
    {
        if (shared)
        {
            return new ResponderBenchLans(LanSegment.Create("ours", "avahi", "client"), null);
        }

        var first = LanSegment.Create("ours", "client");
        try
        {
            return new ResponderBenchLans(first, LanSegment.Create("avahi", "client"));
        }
        catch
        {
            first.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _second?.Dispose();
        _first.Dispose();
    }
}
