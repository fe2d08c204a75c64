using System;
using System.Device.Gpio;
using System.Threading;
using Accessory.Core.Ports;

namespace Accessory.Firmware.Ports
{
    /// <summary>A press the button reported; what it means is decided by the caller (Program).</summary>
    public delegate void ButtonPressHandler();

    /// <summary>
    /// The board's BOOT button: a short press raises ShortPress (identify, or Improv's authorization while Improv
    /// waits for it); holding it for the board's factory-reset time raises LongHold once, while still held, so the
    /// user sees the reset start without letting go. Edges come from GPIO interrupts; the hold from a timer.
    /// </summary>
    public sealed class BootButton
    {
        private const int DebounceMilliseconds = 30;
        private readonly GpioPin _pin;
        private readonly bool _activeLow;
        private readonly int _holdMilliseconds;
        private readonly IClock _clock;
        private readonly object _gate = new object();
        private long _pressedAt = -1;
        private bool _holdFired;
        private IScheduledWork? _holdTimer;

        public BootButton(GpioController gpio, int pin, bool activeLow, int holdMilliseconds, IClock clock)
        {
            if (holdMilliseconds <= DebounceMilliseconds)
            {
                throw new ArgumentException("the factory-reset hold must be longer than " + DebounceMilliseconds + " ms");
            }

            _activeLow = activeLow;
            _holdMilliseconds = holdMilliseconds;
            _clock = clock;
            _pin = gpio.OpenPin(pin, activeLow ? PinMode.InputPullUp : PinMode.InputPullDown);
            _pin.DebounceTimeout = TimeSpan.FromTicks(DebounceMilliseconds * TimeSpan.TicksPerMillisecond);
            _pin.ValueChanged += OnValueChanged;
        }

        public event ButtonPressHandler? ShortPress;

        public event ButtonPressHandler? LongHold;

        private void OnValueChanged(object sender, PinValueChangedEventArgs e)
        {
            bool pressed = (e.ChangeType == PinEventTypes.Falling) == _activeLow;
            if (pressed)
            {
                lock (_gate)
                {
                    _pressedAt = _clock.UptimeMilliseconds;
                    _holdFired = false;
                    _holdTimer?.Cancel();
                    _holdTimer = _clock.Schedule(_holdMilliseconds, OnHeld);
                }

                return;
            }

            bool shortPress;
            lock (_gate)
            {
                _holdTimer?.Cancel();
                _holdTimer = null;
                shortPress = _pressedAt >= 0 && !_holdFired && _clock.UptimeMilliseconds - _pressedAt < _holdMilliseconds;
                _pressedAt = -1;
            }

            if (shortPress)
            {
                ShortPress?.Invoke();
            }
        }

        private void OnHeld()
        {
            lock (_gate)
            {
                if (_pressedAt < 0 || _holdFired)
                {
                    return;
                }

                _holdFired = true;
            }

            LongHold?.Invoke();
        }
    }
}
