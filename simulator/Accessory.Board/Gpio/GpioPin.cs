using System.Threading;
using Accessory.Board.Emulation;

namespace System.Device.Gpio
{
    /// <summary>
    /// One virtual pin. An input raises ValueChanged on the edges something outside drives (PinBus), after the
    /// debounce time, as the ESP32's GPIO interrupt with nanoFramework's debounce filter does.
    /// </summary>
    public class GpioPin : IDisposable
    {
        private readonly PinBus _bus;
        private readonly object _gate = new object();
        private PinMode _mode;
        private bool _disposed;
        private Timer? _debounce;

        internal GpioPin(int pinNumber, PinMode mode, PinBus bus)
        {
            PinNumber = pinNumber;
            _bus = bus;
            SetPinMode(mode);
            _bus.ExternalChange += OnExternalChange;
        }

        public event PinValueChangedEventHandler? ValueChanged;

        public int PinNumber { get; }

        public TimeSpan DebounceTimeout { get; set; }

        public PinMode GetPinMode() => _mode;

        public bool IsPinModeSupported(PinMode pinMode) => pinMode <= PinMode.OutputOpenDrain;

        public void SetPinMode(PinMode value)
        {
            _mode = value;
            if (value == PinMode.InputPullUp || value == PinMode.InputPullDown || value == PinMode.Input)
            {
                _bus.SetPull(PinNumber, value == PinMode.InputPullUp);
            }
        }

        public PinValue Read() => _bus.Read(PinNumber) ? PinValue.High : PinValue.Low;

        public void Write(PinValue value)
        {
            if (_mode != PinMode.Output && _mode != PinMode.OutputOpenDrain)
            {
                throw new InvalidOperationException("pin " + PinNumber + " is not an output");
            }

            _bus.Write(PinNumber, value == PinValue.High);
        }

        public void Toggle() => Write(Read() == PinValue.High ? PinValue.Low : PinValue.High);

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _debounce?.Dispose();
            }

            _bus.ExternalChange -= OnExternalChange;
        }

        private void OnExternalChange(int pin, bool level)
        {
            if (pin != PinNumber || _mode == PinMode.Output)
            {
                return;
            }

            long wait = (long)DebounceTimeout.TotalMilliseconds;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _debounce?.Dispose();
                // The level must still be there after the debounce time, or the edge was a bounce.
                _debounce = new Timer(_ => Settle(level), null, wait, Timeout.Infinite);
            }
        }

        private void Settle(bool level)
        {
            if (_bus.Read(PinNumber) != level)
            {
                return;
            }

            ValueChanged?.Invoke(this, new PinValueChangedEventArgs(level ? PinEventTypes.Rising : PinEventTypes.Falling, PinNumber));
        }
    }
}
