using System.Diagnostics;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Platform;

/// <summary>The desktop clock: a monotonic stopwatch and thread-pool timers.</summary>
public sealed class SystemClock : IClock
{
    private readonly Stopwatch _uptime = Stopwatch.StartNew();

    public long UptimeMilliseconds => _uptime.ElapsedMilliseconds;

    public IScheduledWork Schedule(int delayMilliseconds, ScheduledCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return new TimerWork(delayMilliseconds, callback);
    }
}
