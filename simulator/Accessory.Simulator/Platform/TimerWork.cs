using Accessory.Core.Ports;

namespace Accessory.Simulator.Platform;

/// <summary>One pending <see cref="SystemClock"/> callback.</summary>
internal sealed class TimerWork : IScheduledWork, IDisposable
{
    private readonly Timer _timer;
    private int _state; // 0 pending, 1 running or done, 2 cancelled

    public TimerWork(int delayMilliseconds, ScheduledCallback callback)
    {
        _timer = new Timer(
            _ =>
            {
                if (Interlocked.CompareExchange(ref _state, 1, 0) == 0)
                {
                    _timer?.Dispose();
                    callback();
                }
            },
            null,
            Timeout.Infinite,
            Timeout.Infinite);
        _timer.Change(Math.Max(0, delayMilliseconds), Timeout.Infinite);
    }

    public void Cancel()
    {
        if (Interlocked.CompareExchange(ref _state, 2, 0) == 0)
        {
            _timer.Dispose();
        }
    }

    public void Dispose() => Cancel();
}
