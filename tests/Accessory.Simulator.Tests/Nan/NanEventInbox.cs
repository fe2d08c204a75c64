using System.Diagnostics;
using Accessory.Core.Nan;

namespace Accessory.Simulator.Tests.Nan;

/// <summary>Collects the events of a publisher or subscriber (raised on receive threads) for a test to wait on.</summary>
internal sealed class NanEventInbox
{
    private readonly object _gate = new();
    private readonly List<NanEvent> _events = new();

    public void Add(NanEvent e)
    {
        lock (_gate)
        {
            _events.Add(e);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The first event named <paramref name="name"/>; null when none arrived within <paramref name="timeout"/>.</summary>
    public NanEvent? WaitFor(string name, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        lock (_gate)
        {
            while (true)
            {
                var found = _events.Find(e => e.Name == name);
                var left = timeout - clock.Elapsed;
                if (found != null || left <= TimeSpan.Zero)
                {
                    return found;
                }

                Monitor.Wait(_gate, left);
            }
        }
    }
}
