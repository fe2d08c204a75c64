using System.Diagnostics;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Platform;

/// <summary>The desktop clock: a monotonic stopwatch and thread-pool timers.</summary>
public sealed class SystemClock : IClock
{
    private readonly Stopwatch _uptime = Stopwatch.StartNew();
    private volatile bool _stopped;

    public long UptimeMilliseconds => _uptime.ElapsedMilliseconds;

    public IScheduledWork Schedule(int delayMilliseconds, ScheduledCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return new TimerWork(delayMilliseconds, () =>
        {
            if (!_stopped)
            {
                callback();
            }
        });
    }

    /// <summary>
    /// Callbacks still pending (a Wi-Fi join on the virtual radio, a reconnect) never run: a device that has been
    /// disposed must not go online on a timer thread and touch its disposed parts, which ends the process.
    /// </summary>
    public void Stop() => _stopped = true;
}
