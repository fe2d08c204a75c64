using System.Device.Gpio;
using System.Threading;
using Accessory.Core.Device;

namespace Accessory.Firmware.Ports
{
    /// <summary>
    /// The board's status LED showing the lifecycle state with LedPattern; identify overrides it for N seconds.
    /// Pin and polarity come from the board definition (hardware/boards/*.yaml).
    /// </summary>
    public sealed class StatusLed
    {
        private readonly GpioPin _pin;
        private readonly bool _activeLow;
        private readonly Timer _timer;
        private readonly object _gate = new object();
        private readonly LedTicker _ticker = new LedTicker();
        private DeviceState _state;

        public StatusLed(GpioController gpio, int pin, bool activeLow, DeviceState initial)
        {
            _pin = gpio.OpenPin(pin, PinMode.Output);
            _activeLow = activeLow;
            _state = initial;
            _timer = new Timer(_ => Step(), null, 0, LedPattern.TickMilliseconds);
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
                _ticker.Identify(seconds);
            }
        }

        public void Stop()
        {
            _timer.Dispose();
            Set(false);
        }

        private void Step()
        {
            bool on;
            lock (_gate)
            {
                on = _ticker.Next(_state);
            }

            Set(on);
        }

        private void Set(bool on)
        {
            _pin.Write(on != _activeLow ? PinValue.High : PinValue.Low);
        }
    }
}
