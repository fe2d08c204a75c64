using System;
using System.Collections;
using Accessory.Core.Ble;
using CoreCharacteristic = Accessory.Core.Ble.GattCharacteristic;
using CoreDescriptor = Accessory.Core.Ble.GattDescriptor;
using CoreService = Accessory.Core.Ble.GattService;
using Accessory.Core.Ble.Advertising;
using nanoFramework.Device.Bluetooth;
using nanoFramework.Device.Bluetooth.Advertisement;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;
// Named outright: the desktop build of these files (the emulated board) also sees System.Buffer.
using Buffer = nanoFramework.Device.Bluetooth.Buffer;

namespace Accessory.Firmware.Ports
{
    /// <summary>
    /// Publishes the core's GATT database (DeviceGattProfile: ESP-IDF provisioning, Improv, Device Information, lamp
    /// control) through nanoFramework.Device.Bluetooth's GattServiceProvider and advertises it. The native stack
    /// owns ATT (MTU, long reads, prepared writes, CCCDs); reads and writes of each value go to the core's handlers,
    /// and the core's notifications go out through NotifyValue. Needs an image built with BLE (e.g. ESP32_BLE_REV3).
    /// </summary>
    public sealed class BleGattPublisher : IGattPeer
    {
        private const byte FlagsType = 0x01;
        private readonly DeviceGattProfile _profile;
        private readonly BleLog _log;
        private readonly ArrayList _locals = new ArrayList();
        private readonly ArrayList _providers = new ArrayList();
        private readonly object _gate = new object();
        private GattConnection? _connection;

        public BleGattPublisher(DeviceGattProfile profile, Accessory.Core.Ports.ILog log)
        {
            _profile = profile;
            _log = new BleLog(log);
        }

        /// <summary>Creates every service and characteristic, then starts advertising; false if the radio refused.</summary>
        public bool Start()
        {
            var server = BluetoothLEServer.Instance;
            server.DeviceName = _profile.LocalName;
            foreach (CoreService service in _profile.Database.Services)
            {
                var created = GattServiceProvider.Create(new Guid(service.Uuid.ToString()));
                if (created.Error != BluetoothError.Success)
                {
                    _log.Error("service " + service.Uuid.ToString() + " not created: " + created.Error.ToString());
                    return false;
                }

                foreach (CoreCharacteristic characteristic in service.Characteristics)
                {
                    if (!Publish(created.ServiceProvider.Service, characteristic))
                    {
                        return false;
                    }
                }

                _providers.Add(created.ServiceProvider);
            }

            server.Start();
            Advertise();
            _profile.AdvertisementChanged += profile => Advertise();
            _log.Info("advertising " + _profile.LocalName + " with " + _providers.Count + " GATT services");
            return true;
        }

        /// <summary>
        /// Advertises the core's own payload (flags, Improv service data, the 128-bit service UUIDs that fit) as a
        /// custom advertisement, again whenever Improv's state changes it. The stack sets the flags itself.
        /// </summary>
        private void Advertise()
        {
            var advertising = new GattServiceProviderAdvertisingParameters
            {
                IsConnectable = true,
                IsDiscoverable = true,
                CustomAdvertisement = true,
            };
            advertising.Advertisement.LocalName = _profile.LocalName;
            advertising.Advertisement.Flags = BluetoothLEAdvertisementFlags.GeneralDiscoverableMode | BluetoothLEAdvertisementFlags.ClassicNotSupported;
            var payload = BleAdvertisingData.Advertising(_profile.Advertisement());
            for (int i = 0; i + 1 < payload.Length && payload[i] > 0 && i + payload[i] < payload.Length; i += payload[i] + 1)
            {
                byte type = payload[i + 1];
                if (type == FlagsType)
                {
                    continue;
                }

                var data = new byte[payload[i] - 1];
                Array.Copy(payload, i + 2, data, 0, data.Length);
                advertising.Advertisement.DataSections.Add(new BluetoothLEAdvertisementDataSection(type, new Buffer(data)));
            }

            var provider = (GattServiceProvider)_providers[0]!;
            if (provider.AdvertisementStatus == GattServiceProviderAdvertisementStatus.Started)
            {
                provider.StopAdvertising();
            }

            provider.StartAdvertising(advertising);
        }

        public void Stop()
        {
            foreach (GattServiceProvider provider in _providers)
            {
                provider.StopAdvertising();
            }

            BluetoothLEServer.Instance.Stop();
        }

        /// <summary>The core's notification for a subscribed characteristic.</summary>
        public void Notify(int valueHandle, byte[] value)
        {
            foreach (LocalValue local in _locals)
            {
                if (local.Core.Handle == valueHandle)
                {
                    local.Native.NotifyValue(new Buffer(value));
                    return;
                }
            }
        }

        private bool Publish(GattLocalService service, CoreCharacteristic characteristic)
        {
            var parameters = new GattLocalCharacteristicParameters
            {
                CharacteristicProperties = PropertiesOf(characteristic),
                ReadProtectionLevel = GattProtectionLevel.Plain,
                WriteProtectionLevel = GattProtectionLevel.Plain,
            };
            var result = service.CreateCharacteristic(new Guid(characteristic.Uuid.ToString()), parameters);
            if (result.Error != BluetoothError.Success)
            {
                _log.Error("characteristic " + characteristic.Uuid.ToString() + " not created: " + result.Error.ToString());
                return false;
            }

            var native = result.Characteristic;
            foreach (CoreDescriptor descriptor in characteristic.Descriptors)
            {
                // The stack creates the client configuration descriptor itself for notify/indicate.
                if (descriptor.Uuid.ShortValue == GattDatabase.ClientConfiguration)
                {
                    continue;
                }

                var described = new GattLocalDescriptorParameters { StaticValue = new Buffer(descriptor.Value) };
                native.CreateDescriptor(new Guid(descriptor.Uuid.ToString()), described);
            }

            native.ReadRequested += OnRead;
            native.WriteRequested += OnWrite;
            native.SubscribedClientsChanged += OnSubscribersChanged;
            _locals.Add(new LocalValue(characteristic, native));
            return true;
        }

        private static GattCharacteristicProperties PropertiesOf(CoreCharacteristic characteristic)
        {
            var properties = GattCharacteristicProperties.None;
            if (characteristic.Has(GattProperty.Read))
            {
                properties |= GattCharacteristicProperties.Read;
            }

            if (characteristic.Has(GattProperty.Write))
            {
                properties |= GattCharacteristicProperties.Write;
            }

            if (characteristic.Has(GattProperty.WriteWithoutResponse))
            {
                properties |= GattCharacteristicProperties.WriteWithoutResponse;
            }

            if (characteristic.Has(GattProperty.Notify))
            {
                properties |= GattCharacteristicProperties.Notify;
            }

            if (characteristic.Has(GattProperty.Indicate))
            {
                properties |= GattCharacteristicProperties.Indicate;
            }

            return properties;
        }

        private void OnRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            var request = args.GetRequest();
            var core = Find(sender);
            if (core == null)
            {
                request.RespondWithProtocolError(GattProtocolError.InvalidHandle);
                return;
            }

            // Whole value at offset 0: the native stack slices long reads itself.
            var result = core.Handler.Read(Connection(), 0);
            if (result.Status != Accessory.Core.Ble.GattStatus.Success)
            {
                request.RespondWithProtocolError((byte)result.Status);
                return;
            }

            request.RespondWithValue(new Buffer(result.Value));
        }

        private void OnWrite(GattLocalCharacteristic sender, GattWriteRequestedEventArgs args)
        {
            var request = args.GetRequest();
            var core = Find(sender);
            if (core == null)
            {
                request.RespondWithProtocolError(GattProtocolError.InvalidHandle);
                return;
            }

            var reader = DataReader.FromBuffer(request.Value);
            var data = new byte[reader.UnconsumedBufferLength];
            reader.ReadBytes(data);
            var status = _profile.Server.Write(Connection(), core.Handle, 0, data);
            if (request.Option == GattWriteOption.WriteWithoutResponse)
            {
                return;
            }

            if (status == Accessory.Core.Ble.GattStatus.Success)
            {
                request.Respond();
            }
            else
            {
                request.RespondWithProtocolError((byte)status);
            }
        }

        private void OnSubscribersChanged(GattLocalCharacteristic sender, object args)
        {
            var core = Find(sender);
            if (core != null)
            {
                _profile.Server.Subscribe(Connection(), core.Handle, sender.SubscribedClients.Length > 0);
            }
        }

        // ESP32 serves one central at a time; a new core connection starts after the last one's session closed.
        private GattConnection Connection()
        {
            lock (_gate)
            {
                if (_connection == null)
                {
                    _connection = _profile.Server.Connect(this);
                    var session = BluetoothLEServer.Instance.Session;
                    if (session != null)
                    {
                        _profile.Server.ExchangeMtu(_connection, session.MaxMtuSize);
                        session.SessionStatusChanged += OnSessionChanged;
                    }
                }

                return _connection;
            }
        }

        private void OnSessionChanged(object sender, GattSessionStatusChangedEventArgs args)
        {
            if (args.Status != GattSessionStatus.Closed)
            {
                return;
            }

            GattConnection? closed;
            lock (_gate)
            {
                closed = _connection;
                _connection = null;
            }

            if (closed != null)
            {
                _profile.Server.Disconnect(closed);
                _log.Info("central disconnected");
            }
        }

        private CoreCharacteristic? Find(GattLocalCharacteristic native)
        {
            foreach (LocalValue local in _locals)
            {
                if (ReferenceEquals(local.Native, native))
                {
                    return local.Core;
                }
            }

            return null;
        }

        private sealed class LocalValue
        {
            public LocalValue(CoreCharacteristic core, GattLocalCharacteristic native)
            {
                Core = core;
                Native = native;
            }

            public CoreCharacteristic Core { get; }

            public GattLocalCharacteristic Native { get; }
        }

        // Short-hand over the core's log for this component.
        private sealed class BleLog
        {
            private readonly Accessory.Core.Ports.ILog _log;

            public BleLog(Accessory.Core.Ports.ILog log)
            {
                _log = log;
            }

            public void Info(string message) => _log.Write(Accessory.Core.Ports.LogLevel.Information, "ble", message);

            public void Error(string message) => _log.Write(Accessory.Core.Ports.LogLevel.Error, "ble", message);
        }
    }
}
