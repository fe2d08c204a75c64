using System;
using System.Collections;

namespace nanoFramework.Device.Bluetooth.GenericAttributeProfile
{
    [Flags]
    public enum GattCharacteristicProperties : uint
    {
        None = 0,
        Broadcast = 1,
        Read = 2,
        WriteWithoutResponse = 4,
        Write = 8,
        Notify = 16,
        Indicate = 32,
        AuthenticatedSignedWrites = 64,
        ExtendedProperties = 128,
        ReliableWrites = 256,
        WritableAuxiliaries = 512,
    }

    public enum GattProtectionLevel
    {
        Plain = 0,
        AuthenticationRequired = 1,
        EncryptionRequired = 2,
        EncryptionAndAuthenticationRequired = 3,
    }

    public enum GattWriteOption
    {
        WriteWithResponse = 0,
        WriteWithoutResponse = 1,
    }

    public enum GattSessionStatus
    {
        Closed = 0,
        Active = 1,
    }

    public enum GattServiceProviderAdvertisementStatus
    {
        Created = 0,
        Stopped = 1,
        Started = 2,
        Aborted = 3,
        StartedWithoutAllAdvertisementData = 4,
    }

    public static class GattProtocolError
    {
        public static byte InvalidHandle => 0x01;

        public static byte ReadNotPermitted => 0x02;

        public static byte WriteNotPermitted => 0x03;

        public static byte UnlikelyError => 0x0e;
    }

    public class GattSessionStatusChangedEventArgs : EventArgs
    {
        internal GattSessionStatusChangedEventArgs(GattSessionStatus status)
        {
            Status = status;
        }

        public GattSessionStatus Status { get; }

        public BluetoothError Error => BluetoothError.Success;
    }

    /// <summary>The connected central's session: one at a time, as on an ESP32; closed when its last link closes.</summary>
    public class GattSession
    {
        private int _mtu;

        internal GattSession(int mtu)
        {
            _mtu = mtu;
        }

        public delegate void GattSessionStatusChangedEventHandler(object sender, GattSessionStatusChangedEventArgs args);

        public event GattSessionStatusChangedEventHandler? SessionStatusChanged;

        public ushort MaxMtuSize => (ushort)_mtu;

        internal void UpdateMtu(int mtu) => _mtu = mtu;

        internal void Close() => SessionStatusChanged?.Invoke(this, new GattSessionStatusChangedEventArgs(GattSessionStatus.Closed));
    }

    public class GattSubscribedClient
    {
        internal GattSubscribedClient(Accessory.Core.Ble.GattConnection connection)
        {
            Connection = connection;
        }

        internal Accessory.Core.Ble.GattConnection Connection { get; }
    }

    public class GattClientNotificationResult
    {
        internal GattClientNotificationResult()
        {
        }
    }

    public class GattLocalDescriptorResult
    {
        internal GattLocalDescriptorResult(BluetoothError error)
        {
            Error = error;
        }

        public BluetoothError Error { get; }
    }

    public class GattLocalDescriptorParameters
    {
        public GattLocalDescriptorParameters()
        {
        }

        public Buffer? StaticValue { get; set; }

        public GattProtectionLevel ReadProtectionLevel { get; set; }

        public GattProtectionLevel WriteProtectionLevel { get; set; }
    }

    public class GattLocalCharacteristicParameters
    {
        public GattLocalCharacteristicParameters()
        {
        }

        public GattCharacteristicProperties CharacteristicProperties { get; set; }

        public GattProtectionLevel ReadProtectionLevel { get; set; }

        public GattProtectionLevel WriteProtectionLevel { get; set; }

        public Buffer? StaticValue { get; set; }

        public string UserDescription { get; set; } = string.Empty;
    }

    /// <summary>One read the stack asks the application to answer; unanswered, the central gets "unlikely error".</summary>
    public class GattReadRequest
    {
        internal GattReadRequest()
        {
        }

        internal byte[]? Value { get; private set; }

        internal byte Status { get; private set; } = GattProtocolError.UnlikelyError;

        public void RespondWithValue(Buffer value)
        {
            ArgumentNullException.ThrowIfNull(value);
            Value = value.Bytes();
            Status = 0;
        }

        public void RespondWithProtocolError(byte protocolError)
        {
            Value = null;
            Status = protocolError;
        }
    }

    /// <summary>One whole written value the stack hands the application (long writes already assembled).</summary>
    public class GattWriteRequest
    {
        private readonly byte[] _value;

        internal GattWriteRequest(byte[] value, GattWriteOption option)
        {
            _value = value;
            Option = option;
        }

        internal byte Status { get; private set; } = GattProtocolError.UnlikelyError;

        public Buffer Value => new Buffer(_value);

        public GattWriteOption Option { get; }

        public void Respond() => Status = 0;

        public void RespondWithProtocolError(byte protocolError) => Status = protocolError;
    }

    public class GattReadRequestedEventArgs : EventArgs
    {
        private readonly GattReadRequest _request;

        internal GattReadRequestedEventArgs(GattReadRequest request)
        {
            _request = request;
        }

        public GattReadRequest GetRequest() => _request;
    }

    public class GattWriteRequestedEventArgs : EventArgs
    {
        private readonly GattWriteRequest _request;

        internal GattWriteRequestedEventArgs(GattWriteRequest request)
        {
            _request = request;
        }

        public GattWriteRequest GetRequest() => _request;
    }

    public class GattLocalCharacteristic
    {
        internal GattLocalCharacteristic(Accessory.Core.Ble.GattCharacteristic core)
        {
            Core = core;
        }

        public delegate void GattLocalCharacteristicReadEventHandler(GattLocalCharacteristic sender, GattReadRequestedEventArgs ReadRequestEventArgs);

        public delegate void GattLocalCharacteristicWriteEventHandler(GattLocalCharacteristic sender, GattWriteRequestedEventArgs WriteRequestEventArgs);

        public delegate void GattLocalCharacteristicClientsChangedEventHandler(GattLocalCharacteristic sender, object args);

        public event GattLocalCharacteristicReadEventHandler? ReadRequested;

        public event GattLocalCharacteristicWriteEventHandler? WriteRequested;

        public event GattLocalCharacteristicClientsChangedEventHandler? SubscribedClientsChanged;

        internal Accessory.Core.Ble.GattCharacteristic Core { get; }

        public GattSubscribedClient[] SubscribedClients
        {
            get
            {
                var server = Accessory.Board.Emulation.EmulatedBleStack.Server;
                var subscribed = new System.Collections.Generic.List<GattSubscribedClient>();
                if (server != null)
                {
                    foreach (var connection in Accessory.Board.Emulation.EmulatedBleStack.LiveConnections())
                    {
                        if (server.IsSubscribed(connection, Core))
                        {
                            subscribed.Add(new GattSubscribedClient(connection));
                        }
                    }
                }

                return subscribed.ToArray();
            }
        }

        public GattLocalDescriptorResult CreateDescriptor(Guid descriptorUuid, GattLocalDescriptorParameters parameters)
        {
            ArgumentNullException.ThrowIfNull(parameters);
            byte[] value = parameters.StaticValue?.Bytes() ?? Array.Empty<byte>();
            Core.AddDescriptor(new Accessory.Core.Ble.GattDescriptor(Accessory.Core.Ble.BleUuid.Parse(descriptorUuid.ToString()), value));
            return new GattLocalDescriptorResult(BluetoothError.Success);
        }

        public GattClientNotificationResult[] NotifyValue(Buffer value)
        {
            ArgumentNullException.ThrowIfNull(value);
            var server = Accessory.Board.Emulation.EmulatedBleStack.Server;
            int sent = server == null ? 0 : server.Notify(Core, value.Bytes());
            var results = new GattClientNotificationResult[sent];
            for (int i = 0; i < sent; i++)
            {
                results[i] = new GattClientNotificationResult();
            }

            return results;
        }

        internal byte[]? RaiseRead(out byte status)
        {
            var request = new GattReadRequest();
            ReadRequested?.Invoke(this, new GattReadRequestedEventArgs(request));
            status = request.Status;
            return request.Value;
        }

        internal byte RaiseWrite(byte[] value, GattWriteOption option)
        {
            var request = new GattWriteRequest(value, option);
            WriteRequested?.Invoke(this, new GattWriteRequestedEventArgs(request));
            return option == GattWriteOption.WriteWithoutResponse ? (byte)0 : request.Status;
        }

        internal void RaiseSubscribersChanged() => SubscribedClientsChanged?.Invoke(this, EventArgs.Empty);
    }

    public class GattLocalCharacteristicResult
    {
        internal GattLocalCharacteristicResult(GattLocalCharacteristic characteristic)
        {
            Characteristic = characteristic;
        }

        public BluetoothError Error => BluetoothError.Success;

        public GattLocalCharacteristic Characteristic { get; }
    }

    public class GattLocalService
    {
        private readonly Accessory.Core.Ble.GattService _core;

        internal GattLocalService(Accessory.Core.Ble.GattService core)
        {
            _core = core;
        }

        internal Accessory.Core.Ble.GattService Core => _core;

        public GattLocalCharacteristicResult CreateCharacteristic(Guid characteristicUuid, GattLocalCharacteristicParameters parameters)
        {
            ArgumentNullException.ThrowIfNull(parameters);
            var value = new Accessory.Board.Emulation.NativeGattValue();
            var core = new Accessory.Core.Ble.GattCharacteristic(Accessory.Core.Ble.BleUuid.Parse(characteristicUuid.ToString()), PropertiesOf(parameters.CharacteristicProperties), value);
            if (parameters.UserDescription.Length > 0)
            {
                core.Describe(parameters.UserDescription);
            }

            var local = new GattLocalCharacteristic(core);
            value.Local = local;
            _core.Add(core);
            return new GattLocalCharacteristicResult(local);
        }

        private static Accessory.Core.Ble.GattProperty PropertiesOf(GattCharacteristicProperties properties)
        {
            var core = (Accessory.Core.Ble.GattProperty)0;
            if ((properties & GattCharacteristicProperties.Read) != 0)
            {
                core |= Accessory.Core.Ble.GattProperty.Read;
            }

            if ((properties & GattCharacteristicProperties.Write) != 0)
            {
                core |= Accessory.Core.Ble.GattProperty.Write;
            }

            if ((properties & GattCharacteristicProperties.WriteWithoutResponse) != 0)
            {
                core |= Accessory.Core.Ble.GattProperty.WriteWithoutResponse;
            }

            if ((properties & GattCharacteristicProperties.Notify) != 0)
            {
                core |= Accessory.Core.Ble.GattProperty.Notify;
            }

            if ((properties & GattCharacteristicProperties.Indicate) != 0)
            {
                core |= Accessory.Core.Ble.GattProperty.Indicate;
            }

            return core;
        }
    }

    public class GattServiceProviderAdvertisingParameters
    {
        public GattServiceProviderAdvertisingParameters()
        {
        }

        public bool IsConnectable { get; set; }

        public bool IsDiscoverable { get; set; }

        public bool CustomAdvertisement { get; set; }

        public Advertisement.BluetoothLEAdvertisement Advertisement { get; } = new Advertisement.BluetoothLEAdvertisement();
    }

    public class GattServiceProviderResult
    {
        internal GattServiceProviderResult(GattServiceProvider provider)
        {
            ServiceProvider = provider;
        }

        public BluetoothError Error => BluetoothError.Success;

        public GattServiceProvider ServiceProvider { get; }
    }

    /// <summary>One primary service of the emulated stack; its advertising goes to the virtual link's scan answer.</summary>
    public class GattServiceProvider
    {
        private GattServiceProvider(GattLocalService service)
        {
            Service = service;
        }

        public GattLocalService Service { get; }

        public GattServiceProviderAdvertisementStatus AdvertisementStatus { get; private set; } = GattServiceProviderAdvertisementStatus.Created;

        public static GattServiceProviderResult Create(Guid serviceUuid) =>
            new GattServiceProviderResult(new GattServiceProvider(new GattLocalService(Accessory.Board.Emulation.EmulatedBleStack.CreateService(serviceUuid))));

        public void StartAdvertising(GattServiceProviderAdvertisingParameters parameters)
        {
            ArgumentNullException.ThrowIfNull(parameters);
            var sections = new System.Collections.Generic.List<(byte, byte[])>();
            if (parameters.CustomAdvertisement)
            {
                foreach (Advertisement.BluetoothLEAdvertisementDataSection section in parameters.Advertisement.DataSections)
                {
                    sections.Add((section.DataType, section.Data.Bytes()));
                }
            }

            string name = parameters.Advertisement.LocalName.Length > 0 ? parameters.Advertisement.LocalName : nanoFramework.Device.Bluetooth.BluetoothLEServer.Instance.DeviceName;
            Accessory.Board.Emulation.EmulatedBleStack.Advertise(Accessory.Board.Emulation.EmulatedBleStack.ToVirtual(name, sections, new[] { Service.Core.Uuid.ToString() }));
            AdvertisementStatus = GattServiceProviderAdvertisementStatus.Started;
        }

        public void StopAdvertising() => AdvertisementStatus = GattServiceProviderAdvertisementStatus.Stopped;
    }
}
