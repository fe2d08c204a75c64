namespace Accessory.Core.Ports;

/// <summary>Callback run by <see cref="IClock.Schedule"/> on the body's timer thread.</summary>
public delegate void ScheduledCallback();

/// <summary>
/// Monotonic time and one-shot timers. The core never reads wall-clock time or sleeps, so tests drive it with a
/// manual clock and the firmware with the RTOS tick.
/// </summary>
public interface IClock
{
    /// <summary>Milliseconds since an arbitrary start; never goes backwards.</summary>
    long UptimeMilliseconds { get; }

    /// <summary>Runs <paramref name="callback"/> once after <paramref name="delayMilliseconds"/>.</summary>
    IScheduledWork Schedule(int delayMilliseconds, ScheduledCallback callback);
}
