using System;
using System.Device.Gpio;
using System.Net.NetworkInformation;
using System.Security.Cryptography.X509Certificates;
using Accessory.Core.Ble;
using Accessory.Core.Ble.DeviceInfo;
using Accessory.Core.Ble.Improv;
using Accessory.Core.Cloud;
using Accessory.Core.Commands;
using Accessory.Core.Crypto;
using Accessory.Core.Device;
using Accessory.Core.Http;
using Accessory.Core.LocalApi;
using Accessory.Core.Mdns;
using Accessory.Core.Ports;
using Accessory.Core.Provisioning;
using Accessory.Core.Provisioning.Security;
using Accessory.Core.Settings;
using Accessory.Core.Text;
using Accessory.Core.Wifi;
using Accessory.Firmware.Board;
using Accessory.Firmware.Http;
using Accessory.Firmware.Ports;
using nanoFramework.Runtime.Native;

namespace Accessory.Firmware
{
    /// <summary>
    /// The accessory on the board: the core's pieces (lifecycle, station keeper, provisioning manager and service,
    /// commands and lamp, cloud link, mDNS responder, GATT profile, local API router) wired to nanoFramework ports.
    /// The portable parts (settings, identity, access token, lifecycle, station keeper, lamp and commands, local
    /// API router, device information, provisioning service and its endpoints, the factory-reset erase) are the
    /// core's AccessoryDevice, the same object the simulator builds; this class adds the board's ports.
    /// </summary>
    public sealed class FirmwareDevice
    {
        private const string Component = "device";
        private const string Sec2Username = "wifiprov";
        private readonly BoardDefinition _board;
        private readonly ILog _log;
        private readonly NanoClock _clock = new NanoClock();
        private readonly HardwareRandom _random = new HardwareRandom();
        private readonly AccessoryDevice _device;
        private readonly DeviceSettings _settings;
        private readonly DeviceIdentity _identity;
        private readonly DeviceLifecycle _lifecycle;
        private readonly StationRadio _radio;
        private readonly StationKeeper _station;
        private readonly DeviceCommands _commands;
        private readonly ICryptoProvider _crypto;
        private readonly string _name;
        private StatusLed? _led;
        private ProvisioningService? _provisioning;
        private SoftAccessPoint? _softAp;
        private TcpHttpServer? _provisioningHttp;
        private ImprovService? _improv;
        private BleGattPublisher? _ble;
        private MdnsResponder? _mdns;
        private UdpMulticastTransport? _mdnsTransport;
        private TcpHttpServer? _localApi;
        private CloudLink? _cloud;

        public FirmwareDevice(BoardDefinition board, ILog log)
        {
            _board = board;
            _log = log;
            _radio = new StationRadio(log);
            // The identity is the chip's factory MAC, as on ESP-IDF; the core would otherwise make a random one.
            _device = new AccessoryDevice(
                new AccessoryDeviceOptions
                {
                    Manufacturer = FirmwareOptions.Manufacturer,
                    Model = FirmwareOptions.Model,
                    FirmwareVersion = FirmwareOptions.FirmwareVersion,
                    FactoryMac = StationMac(),
                },
                new FlashSettingsStore(FirmwareOptions.SettingsFolder),
                _radio,
                _clock,
                _random,
                log);
            _settings = _device.Settings;
            _identity = _device.Identity;
            _name = _device.Name;
            _lifecycle = _device.Lifecycle;
            _station = _device.Station;
            _commands = _device.Commands;
            SrpGroupMathFactory? nativeSrp = null;
            if (NativeSrpMath.IsAvailable)
            {
                nativeSrp = (modulus, generator) => new NativeSrpMath(modulus, generator);
            }

            _crypto = new ManagedCryptoProvider(new NanoAesBlockCipherFactory(), nativeSrp);
        }

        public void Start()
        {
            _log.Write(LogLevel.Information, Component, _name + " (id " + _identity.DeviceId + ") starting, " + DeviceLifecycle.StateName(_lifecycle.State));
            StartGpio();
            _lifecycle.StateChanging += OnStateChanging;
            _lifecycle.StateChanged += OnStateChanged;
            _commands.IdentifyRequested += seconds => _led?.Identify(seconds);
            _commands.RebootRequested += () => Power.RebootDevice();
            _commands.FactoryResetRequested += FactoryReset;
            StartLocalApi();
            StartCloud();
            if (_station.Start())
            {
                StartBle(null);
                return;
            }

            _provisioning = StartProvisioning();
            StartBle(_provisioning);
        }

        /// <summary>
        /// Erases everything but the identity (the MAC stays, as in eFuse) and what the factory wrote (the label's
        /// proof of possession, the TLS certificate and key: the board cannot make them again), and reboots unprovisioned.
        /// </summary>
        public void FactoryReset()
        {
            string? pop = _settings.GetString(SettingKeys.ProvisioningPop);
            byte[]? der = _settings.GetBytes(SettingKeys.TlsCertificate);
            byte[]? key = _settings.GetBytes(SettingKeys.TlsPrivateKey);
            _device.EraseForFactoryReset();
            lock (_settings)
            {
                if (pop != null)
                {
                    _settings.SetString(SettingKeys.ProvisioningPop, pop);
                }

                if (der != null && key != null)
                {
                    _settings.SetBytes(SettingKeys.TlsCertificate, der);
                    _settings.SetBytes(SettingKeys.TlsPrivateKey, key);
                }

                _device.SaveSettings();
            }

            _lifecycle.Fire(DeviceTrigger.FactoryReset);
            // The SoftAP, BLE and servers are set up at boot for the state found there: a reboot is the clean restart.
            Power.RebootDevice();
        }

        private static byte[]? StationMac()
        {
            foreach (NetworkInterface face in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (face.NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                {
                    return face.PhysicalAddress;
                }
            }

            return null;
        }

        private void StartGpio()
        {
            var gpio = new GpioController();
            _led = new StatusLed(gpio, _board.StatusLedPin, _board.StatusLedActiveLow, _lifecycle.State);
            var button = new BootButton(gpio, _board.ButtonPin, _board.ButtonActiveLow, _board.FactoryResetHoldMilliseconds, _clock);
            button.Gesture.ShortPress += OnShortPress;
            button.Gesture.LongHold += FactoryReset;
        }

        // Improv asks for a physical confirmation before it accepts credentials; otherwise the button identifies.
        private void OnShortPress()
        {
            var improv = _improv;
            if (improv != null && improv.AuthorizeIfWaiting())
            {
                return;
            }

            _led?.Identify(5);
        }

        private ProvisioningService StartProvisioning()
        {
            string? pop = _settings.GetString(SettingKeys.ProvisioningPop);
            ISecurityScheme security;
            int patch = 0;
            if (NativeSrpMath.IsAvailable && pop != null)
            {
                var group = SrpGroup.Rfc5054Group3072(_crypto);
                security = new Sec2Scheme(_crypto, _random, group, SrpCredentialsFactory.Create(group, _random, Sec2Username, pop), patch);
                _log.Write(LogLevel.Information, Component, "provisioning with sec2 (native SRP modexp)");
            }
            else
            {
                security = new Sec1Scheme(_crypto, _random, pop == null ? null : Utf8.Encode(pop));
                _log.Write(LogLevel.Information, Component, "provisioning with sec1" + (NativeSrpMath.IsAvailable ? " (no PoP stored for sec2)" : " (this image has no native SRP modexp)"));
            }

            var manager = _device.CreateProvisioningManager(new ProvisioningOptions());
            // As ESP-IDF's manager: the SoftAP and its server stay up until the phone has read the "connected"
            // status (or the auto-stop runs out), so the phone learns that its credentials worked.
            manager.Ended += reason =>
            {
                _log.Write(LogLevel.Information, "prov", "provisioning ended (" + reason + "); SoftAP and its server off");
                _provisioningHttp?.Stop();
                _softAp?.Stop();
            };
            var service = _device.CreateProvisioningService(security, manager, patch, pop != null);
            _softAp = new SoftAccessPoint(_log);
            if (_softAp.Configure(_name, FirmwareOptions.SoftApMaxStations))
            {
                Power.RebootDevice();
            }

            _softAp.Start();
            _provisioningHttp = new TcpHttpServer(
                FirmwareOptions.ProvisioningHttpPort,
                null,
                new HttpRequestParser(FirmwareOptions.MaxHeaderBytes, FirmwareOptions.MaxBodyBytes),
                new ProvisioningHttpSessions(service.Router, _random, _log),
                FirmwareOptions.MaxHttpConnections,
                _log);
            _provisioningHttp.Start();
            service.Start();
            return service;
        }

        private void StartBle(ProvisioningService? provisioning)
        {
            var improvOptions = new ImprovOptions
            {
                RequireAuthorization = true,
                AlreadyProvisioned = _lifecycle.State == DeviceState.Online || _lifecycle.State == DeviceState.Connecting,
                FirmwareName = FirmwareOptions.Manufacturer,
                FirmwareVersion = FirmwareOptions.FirmwareVersion,
                Hardware = _board.Chip,
                DeviceName = _name,
            };
            _improv = new ImprovService(new ManagerImprovProvisioner(provisioning?.Manager, _radio, _clock, 30000), improvOptions, _clock);
            var profile = new DeviceGattProfile(new DeviceGattProfileOptions
            {
                LocalName = _name,
                ProvisioningRouter = provisioning?.Router,
                Improv = _improv,
                DeviceInformation = _device.DeviceInformation,
                Commands = _commands,
                // The lamp control service asks a phone for the same access token as the local API.
                ControlToken = _device.ApiToken,
            });
            try
            {
                _ble = new BleGattPublisher(profile, _log);
                if (!_ble.Start())
                {
                    _ble = null;
                }
            }
            catch (Exception e)
            {
                // An image built without Bluetooth throws here; the device still works over Wi-Fi.
                _log.Write(LogLevel.Warning, "ble", "BLE unavailable (flash a BLE image such as " + _board.NanoImage + "): " + e.Message);
                _ble = null;
            }
        }

        private void StartLocalApi()
        {
            var der = _settings.GetBytes(SettingKeys.TlsCertificate);
            var key = _settings.GetBytes(SettingKeys.TlsPrivateKey);
            if (der == null || key == null)
            {
                _log.Write(LogLevel.Information, "localapi", "no device certificate in the settings; the local HTTPS API is off (see docs/firmware.md)");
                return;
            }

            // The same HTTP handling as the simulator's server (token, wrong-token lockout, Host/Origin check, event
            // WebSocket); the board serves at most FirmwareOptions.MaxEventStreams streams and tracks few addresses.
            string hostLabel = MdnsNaming.HostLabelFor(_name);
            var api = new LocalApiHttpService(
                _device.LocalApiRouter,
                _device.ApiToken,
                _device.Lamp,
                _clock,
                new BrowserRequestGuard(new string[] { hostLabel + ".local" }),
                FirmwareOptions.MaxEventStreams,
                FirmwareOptions.MaxTrackedApiClients,
                _log);
            _localApi = new TcpHttpServer(
                FirmwareOptions.LocalApiPort,
                new X509Certificate2(der, key, string.Empty),
                new HttpRequestParser(FirmwareOptions.MaxHeaderBytes, LocalApiPaths.MaxBodyBytes, true),
                api,
                FirmwareOptions.MaxHttpConnections,
                _log);
        }

        private void StartCloud()
        {
            if (FirmwareOptions.BrokerHost.Length == 0)
            {
                _log.Write(LogLevel.Information, "cloud", "no broker configured (FirmwareOptions.BrokerHost); the cloud link is off");
                return;
            }

            X509Certificate? ca = FirmwareOptions.BrokerCaPem.Length == 0 ? null : new X509Certificate(FirmwareOptions.BrokerCaPem);
            var link = new M2MqttLink(FirmwareOptions.BrokerHost, FirmwareOptions.BrokerPort, ca, _log);
            _cloud = new CloudLink(_identity.DeviceId, link, _clock, _random, _log, _lifecycle, _commands, new CloudLinkSettings());
            _cloud.Start();
        }

        // The local API listens before the state reads online (log, mDNS TXT, MQTT): a phone that calls it the moment
        // it sees "online" is accepted, never refused.
        private void OnStateChanging(DeviceState from, DeviceState to, DeviceTrigger trigger)
        {
            if (to == DeviceState.Online && from != DeviceState.Online)
            {
                _localApi?.Start();
            }
        }

        private void OnStateChanged(DeviceState from, DeviceState to, DeviceTrigger trigger)
        {
            // The core logs the change and adopts the provisioned station; the board's own parts follow here.
            _led?.Show(to);
            if (to == DeviceState.Online && from != DeviceState.Online)
            {
                StartMdns();
            }
            else if (from == DeviceState.Online && to != DeviceState.Online)
            {
                _localApi?.Stop();
                _mdns?.Stop();
                _mdnsTransport?.Stop();
                _mdns = null;
                _mdnsTransport = null;
            }

            _mdns?.UpdateTxt(_name, AccessoryServiceTxt.Build(_identity.DeviceId, FirmwareOptions.Model, FirmwareOptions.FirmwareVersion, FirmwareOptions.ProtocolVersion, to));
        }

        private void StartMdns()
        {
            if (_mdns != null)
            {
                return;
            }

            var address = StationAddress();
            if (address == null)
            {
                _log.Write(LogLevel.Warning, "mdns", "online without an IPv4 address; not advertising");
                return;
            }

            try
            {
                // Bound to the station's address: mDNS belongs on the network the device joined, never on its SoftAP.
                _mdnsTransport = new UdpMulticastTransport(new System.Net.IPAddress(address), _log);
            }
            catch (Exception e)
            {
                _log.Write(LogLevel.Warning, "mdns", "cannot join the mDNS group on the station address: " + e.Message + "; not advertising");
                _mdnsTransport = null;
                return;
            }

            _mdns = new MdnsResponder(_mdnsTransport, _clock, _random, _log, new MdnsHostConfig(MdnsNaming.HostLabelFor(_name), new byte[][] { address }));
            _mdns.AddService(AccessoryServiceTxt.CreateService(
                _name, FirmwareOptions.LocalApiPort, _identity.DeviceId, FirmwareOptions.Model, FirmwareOptions.FirmwareVersion, FirmwareOptions.ProtocolVersion, _lifecycle.State));
            _mdns.Start();
        }

        private static byte[]? StationAddress()
        {
            foreach (NetworkInterface face in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (face.NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                {
                    var parts = face.IPv4Address.Split('.');
                    if (parts.Length != 4 || face.IPv4Address == "0.0.0.0")
                    {
                        return null;
                    }

                    var bytes = new byte[4];
                    for (int i = 0; i < 4; i++)
                    {
                        bytes[i] = (byte)int.Parse(parts[i]);
                    }

                    return bytes;
                }
            }

            return null;
        }
    }
}
