using System;

namespace nanoFramework.Device.Bluetooth
{
    public enum BluetoothError
    {
        Success = 0,
        RadioNotAvailable = 1,
        ResourceInUse = 2,
        DeviceNotConnected = 3,
        OtherError = 4,
        DisabledByPolicy = 5,
        NotSupported = 6,
        DisabledByUser = 7,
        ConsentRequired = 8,
        TransportNotSupported = 9,
    }

    /// <summary>A byte buffer as nanoFramework's Bluetooth API passes values.</summary>
    public class Buffer
    {
        private byte[] _data;

        public Buffer(uint capacity)
        {
            _data = new byte[capacity];
        }

        public Buffer(byte[] data)
        {
            ArgumentNullException.ThrowIfNull(data);
            _data = (byte[])data.Clone();
            Length = (uint)data.Length;
        }

        public uint Capacity => (uint)_data.Length;

        public uint Length { get; set; }

        internal byte[] Bytes()
        {
            var copy = new byte[Length];
            Array.Copy(_data, copy, (int)Length);
            return copy;
        }
    }

    public class DataReader
    {
        private readonly byte[] _data;
        private int _position;

        private DataReader(byte[] data)
        {
            _data = data;
        }

        public uint UnconsumedBufferLength => (uint)(_data.Length - _position);

        public static DataReader FromBuffer(Buffer buffer)
        {
            ArgumentNullException.ThrowIfNull(buffer);
            return new DataReader(buffer.Bytes());
        }

        public void ReadBytes(byte[] value)
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Length > UnconsumedBufferLength)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "more bytes asked for than the buffer holds");
            }

            Array.Copy(_data, _position, value, 0, value.Length);
            _position += value.Length;
        }

        public byte ReadByte()
        {
            var one = new byte[1];
            ReadBytes(one);
            return one[0];
        }
    }

    /// <summary>
    /// The BLE peripheral of the board. The emulated board is an image without a Bluetooth radio: Instance throws,
    /// as the firmware expects of such an image (it logs "BLE unavailable" and runs over Wi-Fi). Bridging this API to
    /// the simulator's virtual BLE link is listed in docs/fidelity.md as not done.
    /// </summary>
    public class BluetoothLEServer
    {
        private BluetoothLEServer()
        {
        }

        public static BluetoothLEServer Instance => throw new NotSupportedException("the emulated board has no Bluetooth radio (its BLE is not bridged to the virtual BLE link)");

        public string DeviceName { get; set; } = string.Empty;

        public GenericAttributeProfile.GattSession? Session => null;

        public void Start()
        {
        }

        public void Stop()
        {
        }
    }
}

namespace nanoFramework.Device.Bluetooth.Advertisement
{
    using System.Collections;

    [Flags]
    public enum BluetoothLEAdvertisementFlags : uint
    {
        None = 0,
        LimitedDiscoverableMode = 1,
        GeneralDiscoverableMode = 2,
        ClassicNotSupported = 4,
        DualModeControllerCapable = 8,
        DualModeHostCapable = 16,
    }

    public class BluetoothLEAdvertisement
    {
        public BluetoothLEAdvertisement()
        {
        }

        public string LocalName { get; set; } = string.Empty;

        public BluetoothLEAdvertisementFlags Flags { get; set; }

        public ArrayList DataSections { get; } = new ArrayList();
    }

    public class BluetoothLEAdvertisementDataSection
    {
        public BluetoothLEAdvertisementDataSection()
        {
            Data = new Buffer(0);
        }

        public BluetoothLEAdvertisementDataSection(byte dataType, Buffer data)
        {
            DataType = dataType;
            Data = data;
        }

        public byte DataType { get; set; }

        public Buffer Data { get; set; }
    }
}
