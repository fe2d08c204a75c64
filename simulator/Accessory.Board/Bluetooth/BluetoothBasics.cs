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
    /// The BLE peripheral of the board. Start serves the GATT database the firmware built with GattServiceProvider on
    /// the simulator's virtual BLE link at &lt;data-dir&gt;/ble.sock (Accessory.Board.Emulation.EmulatedBleStack).
    /// </summary>
    public class BluetoothLEServer
    {
        private static readonly BluetoothLEServer Single = new BluetoothLEServer();

        private BluetoothLEServer()
        {
        }

        public static BluetoothLEServer Instance => Single;

        public string DeviceName { get; set; } = string.Empty;

        public GenericAttributeProfile.GattSession? Session => Accessory.Board.Emulation.EmulatedBleStack.Session;

        public void Start() => Accessory.Board.Emulation.EmulatedBleStack.Start(DeviceName);

        public void Stop() => Accessory.Board.Emulation.EmulatedBleStack.Stop();
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
