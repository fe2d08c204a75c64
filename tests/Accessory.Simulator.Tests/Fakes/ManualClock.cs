using Accessory.Core.Ports;

namespace Accessory.Simulator.Tests.Fakes;

/// <summary>A clock that moves only when the test says so; due callbacks run on the test's thread, in time order.</summary>
public sealed class ManualClock : IClock
{
    private readonly List<Entry> _pending = [];
    private long _now;
    private long _sequence;

    public long UptimeMilliseconds => _now;

    public int PendingCount => _pending.Count(e => !e.Cancelled);

    public IScheduledWork Schedule(int delayMilliseconds, ScheduledCallback callback)
    {
        var entry = new Entry(_now + Math.Max(0, delayMilliseconds), _sequence++, callback);
        _pending.Add(entry);
        return entry;
    }

    public void Advance(long milliseconds)
    {
        long target = _now + milliseconds;
        for (int guard = 0; guard < 10_000; guard++)
        {
            Entry? next = null;
            foreach (var e in _pending)
            {
                if (!e.Cancelled && e.Due <= target && (next == null || e.Due < next.Due || (e.Due == next.Due && e.Sequence < next.Sequence)))
                {
                    next = e;
                }
            }

            if (next == null)
            {
                break;
            }

            _pending.Remove(next);
            _now = next.Due;
            next.Callback();
        }

        _pending.RemoveAll(e => e.Cancelled);
        _now = target;
    }

    private sealed class Entry : IScheduledWork
    {
        public Entry(long due, long sequence, ScheduledCallback callback)
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
