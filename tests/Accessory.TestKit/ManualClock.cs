using Accessory.Core.Ports;

namespace Accessory.TestKit;

/// <summary>
/// An <see cref="IClock"/> that only moves when a test calls <see cref="Advance"/>; due callbacks then run on the
/// caller's thread in time order (callbacks scheduled by callbacks run too if they fall inside the window).
/// </summary>
public sealed class ManualClock : IClock
{
    private readonly object _gate = new();
    private readonly List<Timer> _timers = new();
    private long _now;
    private long _sequence;

    public ManualClock(long start = 0)
    {
        _now = start;
    }

    public long UptimeMilliseconds
    {
        get
        {
            lock (_gate)
            {
                return _now;
            }
        }
    }

    /// <summary>Timers scheduled and not yet run or cancelled.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => !t.Cancelled);
            }
        }
    }

    public IScheduledWork Schedule(int delayMilliseconds, ScheduledCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
        {
            var timer = new Timer(_now + Math.Max(0, delayMilliseconds), ++_sequence, callback);
            _timers.Add(timer);
            return timer;
        }
    }

    /// <summary>Moves time forward by <paramref name="milliseconds"/>, running every callback that falls due.</summary>
    public void Advance(long milliseconds)
    {
        long target;
        lock (_gate)
        {
            target = _now + milliseconds;
        }

        // Bounded: each pass runs one timer; a runaway chain of zero-delay timers is a test bug worth failing on.
        for (int guard = 0; guard < 100_000; guard++)
        {
            Timer? next;
            lock (_gate)
            {
                next = _timers.Where(t => !t.Cancelled && t.Due <= target).OrderBy(t => t.Due).ThenBy(t => t.Sequence).FirstOrDefault();
                if (next == null)
                {
                    _now = target;
                    _timers.RemoveAll(t => t.Cancelled);
                    return;
                }

                _timers.Remove(next);
                if (next.Due > _now)
                {
                    _now = next.Due;
                }
            }

            next.Callback();
        }

        throw new InvalidOperationException("ManualClock.Advance ran 100000 callbacks; a timer keeps rescheduling itself");
    }

    private sealed class Timer : IScheduledWork
    {
        public Timer(long due, long sequence, ScheduledCallback callback)
        {
            Due = due;
            Sequence = sequence;
            Callback = callback;
        }

        public long Due { get; }

        public long Sequence { get; }

        public ScheduledCallback Callback { get; }

        public bool Cancelled { get; private set; }

        public void Cancel() => Cancelled = true;
    }
}
