using System;

namespace System.Device.Gpio
{
    public enum PinMode
    {
        Input = 0,
        InputPullDown = 1,
        InputPullUp = 2,
        Output = 3,
        OutputOpenDrain = 4,
        OutputOpenDrainPullUp = 5,
        OutputOpenSource = 6,
        OutputOpenSourcePullDown = 7,
    }

    [Flags]
    public enum PinEventTypes
    {
        None = 0,
        Rising = 1,
        Falling = 2,
    }

    public delegate void PinValueChangedEventHandler(object sender, PinValueChangedEventArgs e);

    public class PinValueChangedEventArgs : EventArgs
    {
        public PinValueChangedEventArgs(PinEventTypes changeType, int pinNumber)
        {
            ChangeType = changeType;
            PinNumber = pinNumber;
        }

        public PinEventTypes ChangeType { get; }

        public int PinNumber { get; }
    }

    public readonly struct PinValue : IEquatable<PinValue>
    {
        private readonly byte _value;

        private PinValue(byte value)
        {
            _value = value;
        }

        public static PinValue High => new PinValue(1);

        public static PinValue Low => new PinValue(0);

        public static implicit operator PinValue(int value) => value == 0 ? Low : High;

        public static implicit operator PinValue(bool value) => value ? High : Low;

        public static explicit operator byte(PinValue pinValue) => pinValue._value;

        public static explicit operator int(PinValue pinValue) => pinValue._value;

        public static explicit operator bool(PinValue pinValue) => pinValue._value != 0;

        public static bool operator ==(PinValue a, PinValue b) => a.Equals(b);

        public static bool operator !=(PinValue a, PinValue b) => !a.Equals(b);

        public bool Equals(PinValue other) => _value == other._value;

        public override bool Equals(object? obj) => obj is PinValue other && Equals(other);

        public override int GetHashCode() => _value.GetHashCode();

        public override string ToString() => _value == 0 ? "Low" : "High";
    }
}
