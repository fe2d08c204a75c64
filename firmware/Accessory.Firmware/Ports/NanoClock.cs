using System;
using Accessory.Core.Ports;

namespace Accessory.Firmware.Ports
{
    /// <summary>
    /// IClock on nanoFramework, whose mscorlib has no Environment.TickCount: uptime from the RTC, clamped so an
    /// SNTP step backwards never makes time run backwards for the core. Timers from System.Threading.Timer.
    /// </summary>
    public sealed class NanoClock : IClock
    {
        private readonly object _gate = new object();
        private readonly DateTime _boot = DateTime.UtcNow;
        private long _last;

        public long UptimeMilliseconds
        {
            get
            {
                long now = (DateTime.UtcNow - _boot).Ticks / TimeSpan.TicksPerMillisecond;
                lock (_gate)
                {
                    if (now > _last)
                    {
                        _last = now;
                    }

                    return _last;
                }
            }
        }

        public IScheduledWork Schedule(int delayMilliseconds, ScheduledCallback callback)
        {
            return new NanoScheduledWork(delayMilliseconds, callback);
        }
    }
}
