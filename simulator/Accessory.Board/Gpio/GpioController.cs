using System.Collections.Generic;
using Accessory.Board.Emulation;

namespace System.Device.Gpio
{
    /// <summary>nanoFramework's GpioController over the emulated board's virtual pins.</summary>
    public class GpioController : IDisposable
    {
        private readonly Dictionary<int, GpioPin> _open = new Dictionary<int, GpioPin>();

        public GpioController()
        {
        }

        public int PinCount => 40;

        public GpioPin OpenPin(int pinNumber)
        {
            return OpenPin(pinNumber, PinMode.Input);
        }

        public GpioPin OpenPin(int pinNumber, PinMode mode)
        {
            lock (_open)
            {
                if (_open.ContainsKey(pinNumber))
                {
                    throw new InvalidOperationException("pin " + pinNumber + " is already open");
                }

                var pin = new GpioPin(pinNumber, mode, EmulatedBoard.Pins);
                _open[pinNumber] = pin;
                return pin;
            }
        }

        public bool IsPinOpen(int pinNumber)
        {
            lock (_open)
            {
                return _open.ContainsKey(pinNumber);
            }
        }

        public void ClosePin(int pinNumber)
        {
            GpioPin? pin;
            lock (_open)
            {
                if (!_open.Remove(pinNumber, out pin))
                {
                    return;
                }
            }

            pin.Dispose();
        }

        public PinValue Read(int pinNumber) => EmulatedBoard.Pins.Read(pinNumber) ? PinValue.High : PinValue.Low;

        public void Write(int pinNumber, PinValue value) => EmulatedBoard.Pins.Write(pinNumber, value == PinValue.High);

        public void Dispose()
        {
            GpioPin[] pins;
            lock (_open)
            {
                pins = new List<GpioPin>(_open.Values).ToArray();
                _open.Clear();
            }

            foreach (var pin in pins)
            {
                pin.Dispose();
            }
        }
    }
}
