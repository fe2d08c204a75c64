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

    public class GattSession
    {
        private GattSession()
        {
        }

        public delegate void GattSessionStatusChangedEventHandler(object sender, GattSessionStatusChangedEventArgs args);

        public event GattSessionStatusChangedEventHandler? SessionStatusChanged;

        public ushort MaxMtuSize => 23;

        internal void Close() => SessionStatusChanged?.Invoke(this, new GattSessionStatusChangedEventArgs(GattSessionStatus.Closed));
    }

    public class GattSubscribedClient
    {
        private GattSubscribedClient()
        {
        }
    }

    public class GattClientNotificationResult
    {
        private GattClientNotificationResult()
        {
        }
    }

    public class GattLocalDescriptorResult
    {
        private GattLocalDescriptorResult()
        {
        }

        public BluetoothError Error => BluetoothError.NotSupported;
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

    public class GattReadRequest
    {
        private GattReadRequest()
        {
        }

        public void RespondWithValue(Buffer value) => throw NoRadio();

        public void RespondWithProtocolError(byte protocolError) => throw NoRadio();

        internal static NotSupportedException NoRadio() => new NotSupportedException("the emulated board has no Bluetooth radio");
    }

    public class GattWriteRequest
    {
        private GattWriteRequest()
        {
        }

        public Buffer Value => throw GattReadRequest.NoRadio();

        public GattWriteOption Option => GattWriteOption.WriteWithResponse;

        public void Respond() => throw GattReadRequest.NoRadio();

        public void RespondWithProtocolError(byte protocolError) => throw GattReadRequest.NoRadio();
    }

    public class GattReadRequestedEventArgs : EventArgs
    {
        private GattReadRequestedEventArgs()
        {
        }

        public GattReadRequest GetRequest() => throw GattReadRequest.NoRadio();
    }

    public class GattWriteRequestedEventArgs : EventArgs
    {
        private GattWriteRequestedEventArgs()
        {
        }

        public GattWriteRequest GetRequest() => throw GattReadRequest.NoRadio();
    }

    public class GattLocalCharacteristic
    {
        private GattLocalCharacteristic()
        {
        }

        public delegate void GattLocalCharacteristicReadEventHandler(GattLocalCharacteristic sender, GattReadRequestedEventArgs ReadRequestEventArgs);

        public delegate void GattLocalCharacteristicWriteEventHandler(GattLocalCharacteristic sender, GattWriteRequestedEventArgs WriteRequestEventArgs);

        public delegate void GattLocalCharacteristicClientsChangedEventHandler(GattLocalCharacteristic sender, object args);

        public event GattLocalCharacteristicReadEventHandler? ReadRequested;

        public event GattLocalCharacteristicWriteEventHandler? WriteRequested;

        public event GattLocalCharacteristicClientsChangedEventHandler? SubscribedClientsChanged;

        public GattSubscribedClient[] SubscribedClients => new GattSubscribedClient[0];

        public GattLocalDescriptorResult CreateDescriptor(Guid descriptorUuid, GattLocalDescriptorParameters parameters) => throw GattReadRequest.NoRadio();

        public GattClientNotificationResult[] NotifyValue(Buffer value) => throw GattReadRequest.NoRadio();

        internal void Unused()
        {
            ReadRequested?.Invoke(this, null!);
            WriteRequested?.Invoke(this, null!);
            SubscribedClientsChanged?.Invoke(this, null!);
        }
    }

    public class GattLocalCharacteristicResult
    {
        private GattLocalCharacteristicResult()
        {
        }

        public BluetoothError Error => BluetoothError.RadioNotAvailable;

        public GattLocalCharacteristic Characteristic => throw GattReadRequest.NoRadio();
    }

    public class GattLocalService
    {
        private GattLocalService()
        {
        }

        public GattLocalCharacteristicResult CreateCharacteristic(Guid characteristicUuid, GattLocalCharacteristicParameters parameters) => throw GattReadRequest.NoRadio();
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
        private GattServiceProviderResult()
        {
        }

        public BluetoothError Error => BluetoothError.RadioNotAvailable;

        public GattServiceProvider ServiceProvider => throw GattReadRequest.NoRadio();
    }

    public class GattServiceProvider
    {
        private GattServiceProvider()
        {
        }

        public GattLocalService Service => throw GattReadRequest.NoRadio();

        public GattServiceProviderAdvertisementStatus AdvertisementStatus => GattServiceProviderAdvertisementStatus.Stopped;

        public static GattServiceProviderResult Create(Guid serviceUuid) => throw GattReadRequest.NoRadio();

        public void StartAdvertising(GattServiceProviderAdvertisingParameters parameters) => throw GattReadRequest.NoRadio();

        public void StopAdvertising()
        {
        }
    }
}
