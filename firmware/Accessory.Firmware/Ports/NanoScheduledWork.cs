using System.Threading;
using Accessory.Core.Ports;

namespace Accessory.Firmware.Ports
{
    /// <summary>One pending NanoClock callback.</summary>
    internal sealed class NanoScheduledWork : IScheduledWork
    {
        private readonly Timer _timer;
        private int _state;

        public NanoScheduledWork(int delayMilliseconds, ScheduledCallback callback)
        {
            _timer = new Timer(
                _ =>
                {
                    if (Interlocked.CompareExchange(ref _state, 1, 0) == 0)
                    {
                        callback();
                    }
                },
                null,
                delayMilliseconds,
                Timeout.Infinite);
        }

        public void Cancel()
        {
            if (Interlocked.CompareExchange(ref _state, 2, 0) == 0)
            {
                _timer.Dispose();
            }
        }
    }
}
