using System;
using System.Device.Gpio;
using Accessory.Core.Device;
using Accessory.Core.Ports;

namespace Accessory.Firmware.Ports
{
    /// <summary>
    /// The board's BOOT button on GPIO: edges from pin interrupts (with debounce) feed a ButtonGesture, which decides
    /// short press versus factory-reset hold. Pin, polarity and hold time come from the board definition.
    /// </summary>
    public sealed class BootButton
    {
        private const int DebounceMilliseconds = 30;
        private readonly GpioPin _pin;
        private readonly bool _activeLow;

        public BootButton(GpioController gpio, int pin, bool activeLow, int holdMilliseconds, IClock clock)
        {
            _activeLow = activeLow;
            Gesture = new ButtonGesture(clock, holdMilliseconds);
            _pin = gpio.OpenPin(pin, activeLow ? PinMode.InputPullUp : PinMode.InputPullDown);
            _pin.DebounceTimeout = TimeSpan.FromTicks(DebounceMilliseconds * TimeSpan.TicksPerMillisecond);
            _pin.ValueChanged += OnValueChanged;
        }

        public ButtonGesture Gesture { get; }

        private void OnValueChanged(object sender, PinValueChangedEventArgs e)
        {
            bool pressed = (e.ChangeType == PinEventTypes.Falling) == _activeLow;
            if (pressed)
            {
                Gesture.Pressed();
            }
            else
            {
                Gesture.Released();
            }
        }
    }
}
