using Accessory.Core.Device;

namespace Accessory.Firmware.Ports
{
    /// <summary>
    /// What the status LED shows for each lifecycle state, as 100 ms ticks of a 2 s cycle: slow blink unprovisioned,
    /// fast blink provisioning, double flash connecting, steady on online. Kept apart from the GPIO so it is tested.
    /// </summary>
    public static class LedPattern
    {
        public const int TickMilliseconds = 100;
        public const int TicksPerCycle = 20;

        public static bool On(DeviceState state, int tick)
        {
            int phase = tick % TicksPerCycle;
            switch (state)
            {
                case DeviceState.Unprovisioned:
                    return phase < 10;
                case DeviceState.Provisioning:
                    return phase % 4 < 2;
                case DeviceState.Connecting:
                    return phase == 0 || phase == 2;
                default:
                    return true;
            }
        }

        /// <summary>Identify: a rapid 5 Hz blink that overrides the state pattern.</summary>
        public static bool IdentifyOn(int tick) => (tick & 1) == 0;
    }
}
