using System.Device.Gpio;
using System.Threading;
using Accessory.Core.Device;

namespace Accessory.Firmware.Ports
{
    /// <summary>
    /// The board's status LED shows the lifecycle state: slow blink unprovisioned, fast blink while provisioning,
    /// double flash while connecting, steady on when online. Identify overrides it with a rapid blink for N seconds.
    /// Pin and polarity come from the board definition (hardware/boards/*.yaml).
    /// </summary>
    public sealed class StatusLed
    {
        private const int TickMilliseconds = 100;
        private readonly GpioPin _pin;
        private readonly bool _activeLow;
        private readonly Timer _timer;
        private readonly object _gate = new object();
        private DeviceState _state;
        private int _tick;
        private int _identifyTicksLeft;

        public StatusLed(GpioController gpio, int pin, bool activeLow, DeviceState initial)
        {
            _pin = gpio.OpenPin(pin, PinMode.Output);
            _activeLow = activeLow;
            _state = initial;
            _timer = new Timer(_ => Step(), null, 0, TickMilliseconds);
        }

        public void Show(DeviceState state)
        {
            lock (_gate)
            {
                _state = state;
            }
        }

        public void Identify(int seconds)
        {
            lock (_gate)
            {
                _identifyTicksLeft = seconds * 1000 / TickMilliseconds;
            }
        }

        public void Stop()
        {
            _timer.Dispose();
            Set(false);
        }

        /// <summary>Whether the LED is lit at a given 100 ms tick of a state's 2 s pattern.</summary>
        public static bool PatternOn(DeviceState state, int tick)
        {
            int phase = tick % 20;
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

        private void Step()
        {
            bool on;
            lock (_gate)
            {
                _tick++;
                if (_identifyTicksLeft > 0)
                {
                    _identifyTicksLeft--;
                    on = (_tick & 1) == 0;
                }
                else
                {
                    on = PatternOn(_state, _tick);
                }
            }

            Set(on);
        }

        private void Set(bool on)
        {
            _pin.Write(on != _activeLow ? PinValue.High : PinValue.Low);
        }
    }
}
