using Accessory.Core.Device;

namespace Accessory.Firmware.Ports
{
    /// <summary>
    /// The status LED's clock: what LedPattern shows on each tick, identify overriding the lifecycle state for its
    /// seconds. Shared by the firmware's StatusLed and the simulator body's LED so both bodies blink alike. Not
    /// thread-safe: its owner ticks it from a timer and takes its own lock.
    /// </summary>
    public sealed class LedTicker
    {
        private int _tick;
        private int _identifyTicksLeft;

        public void Identify(int seconds)
        {
            _identifyTicksLeft = seconds * 1000 / LedPattern.TickMilliseconds;
        }

        /// <summary>Advances one tick and says whether the LED is lit for it.</summary>
        public bool Next(DeviceState state)
        {
            _tick++;
            if (_identifyTicksLeft > 0)
            {
                _identifyTicksLeft--;
                return LedPattern.IdentifyOn(_tick);
            }

            return LedPattern.On(state, _tick);
        }
    }
}
