using System;
using Accessory.Core.Ports;

namespace Accessory.Core.Device
{
    /// <summary>A gesture the button made; what it means is decided by the body (the firmware's BootButton, the simulator's VirtualButton).</summary>
    public delegate void ButtonGestureHandler();

    /// <summary>
    /// Turns press and release edges into gestures: a press shorter than ShortPressMilliseconds is a ShortPress
    /// (identify, or Improv's authorization); holding for the hold time raises LongHold once while still held (factory
    /// reset), so the user sees it start without letting go; anything in between is ignored, so a hesitant press
    /// never resets the device. Time comes from IClock, so the rules are tested with a manual clock.
    /// </summary>
    public sealed class ButtonGesture
    {
        public const int ShortPressMilliseconds = 2000;
        private readonly IClock _clock;
        private readonly int _holdMilliseconds;
        private readonly object _gate = new object();
        private long _pressedAt = -1;
        private bool _held;
        private IScheduledWork? _holdTimer;

        public ButtonGesture(IClock clock, int holdMilliseconds)
        {
            if (holdMilliseconds <= ShortPressMilliseconds)
            {
                throw new ArgumentException("the factory-reset hold must be longer than a short press (" + ShortPressMilliseconds + " ms)");
            }

            _clock = clock;
            _holdMilliseconds = holdMilliseconds;
        }

        public event ButtonGestureHandler? ShortPress;

        public event ButtonGestureHandler? LongHold;

        public void Pressed()
        {
            lock (_gate)
            {
                if (_pressedAt >= 0)
                {
                    return;
                }

                _pressedAt = _clock.UptimeMilliseconds;
                _held = false;
                _holdTimer = _clock.Schedule(_holdMilliseconds, OnHeld);
            }
        }

        public void Released()
        {
            bool shortPress;
            lock (_gate)
            {
                if (_pressedAt < 0)
                {
                    return;
                }

                _holdTimer?.Cancel();
                _holdTimer = null;
                shortPress = !_held && _clock.UptimeMilliseconds - _pressedAt < ShortPressMilliseconds;
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
                if (_pressedAt < 0 || _held)
                {
                    return;
                }

                _held = true;
            }

            LongHold?.Invoke();
        }
    }
}
