using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Accessory.Core.Ble;
using Accessory.Core.Ports;
using Accessory.Simulator.Ble.Virtual;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;

namespace Accessory.Board.Emulation
{
    /// <summary>
    /// The board's Bluetooth controller and host stack: what NimBLE is under nanoFramework on an ESP32. The firmware's
    /// GattServiceProvider calls build a GATT database here; BluetoothLEServer.Start serves it on the simulator's
    /// virtual BLE link (&lt;data-dir&gt;/ble.sock, docs/ble-virtual-link.md), whose GattServer keeps ATT (handles,
    /// MTU, long reads, CCCDs) as the native stack does, and hands each whole value to the firmware's
    /// ReadRequested/WriteRequested handlers.
    /// </summary>
    internal static class EmulatedBleStack
    {
        private static readonly object Gate = new object();
        private static readonly List<GattService> Pending = new List<GattService>();
        private static readonly HashSet<GattConnection> Live = new HashSet<GattConnection>();
        private static VirtualBleServer? _server;
        private static GattServer? _gatt;
        private static VirtualAdvertisement _advertisement = new VirtualAdvertisement(string.Empty, Array.Empty<string>(), new Dictionary<string, byte[]>());
        private static GattSession? _session;

        public static string SocketPath => Path.Combine(EmulatedBoard.Configuration.FlashFolder, "ble.sock");

        public static GattServer? Server => _gatt;

        public static GattSession? Session
        {
            get
            {
                lock (Gate)
                {
                    return _session;
                }
            }
        }

        public static GattService CreateService(Guid uuid)
        {
            lock (Gate)
            {
                if (_server != null)
                {
                    // NimBLE cannot add services to a running GATT server either.
                    throw new InvalidOperationException("services are created before BluetoothLEServer.Start");
                }

                var service = new GattService(BleUuid.Parse(uuid.ToString()));
                Pending.Add(service);
                return service;
            }
        }

        public static void Start(string deviceName)
        {
            lock (Gate)
            {
                if (_server != null)
                {
                    return;
                }

                var database = new GattDatabase();
                foreach (var service in Pending)
                {
                    database.Add(service);
                }

                _gatt = new GattServer(database);
                if (_advertisement.LocalName.Length == 0)
                {
                    _advertisement = _advertisement with { LocalName = deviceName };
                }

                var server = new VirtualBleServer(_gatt, _advertisement, SocketPath, new ConsoleLog());
                server.StartAsync().GetAwaiter().GetResult();
                _server = server;
            }
        }

        public static void Stop()
        {
            VirtualBleServer? server;
            lock (Gate)
            {
                server = _server;
                _server = null;
                _gatt = null;
                Pending.Clear();
                Live.Clear();
            }

            server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        public static void Advertise(VirtualAdvertisement advertisement)
        {
            lock (Gate)
            {
                _advertisement = advertisement;
                _server?.Advertise(advertisement);
            }
        }

        /// <summary>A central's first request: a new session begins when none was open (one central at a time on an ESP32).</summary>
        public static void Seen(GattConnection connection)
        {
            lock (Gate)
            {
                if (Live.Add(connection) && Live.Count == 1)
                {
                    _session = new GattSession(connection.Mtu);
                }
                else
                {
                    _session?.UpdateMtu(connection.Mtu);
                }
            }
        }

        public static void Gone(GattConnection connection)
        {
            GattSession? closed = null;
            lock (Gate)
            {
                if (Live.Remove(connection) && Live.Count == 0)
                {
                    closed = _session;
                    _session = null;
                }
            }

            closed?.Close();
        }

        public static GattConnection[] LiveConnections()
        {
            lock (Gate)
            {
                return Live.ToArray();
            }
        }

        public static VirtualAdvertisement ToVirtual(string localName, IEnumerable<(byte Type, byte[] Data)> sections, IEnumerable<string> fallbackServices)
        {
            var services = new List<string>();
            var serviceData = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            string name = localName;
            bool custom = false;
            foreach (var (type, data) in sections)
            {
                custom = true;
                switch (type)
                {
                    case 0x02:
                    case 0x03:
                        for (int i = 0; i + 2 <= data.Length; i += 2)
                        {
                            services.Add(BleUuid.FromShort(data[i] | (data[i + 1] << 8)).ToString());
                        }

                        break;
                    case 0x06:
                    case 0x07:
                        for (int i = 0; i + 16 <= data.Length; i += 16)
                        {
                            services.Add(BleUuid.FromAttBytes(data[i..(i + 16)])!.ToString());
                        }

                        break;
                    case 0x08:
                    case 0x09:
                        name = System.Text.Encoding.UTF8.GetString(data);
                        break;
                    case 0x16 when data.Length >= 2:
                        serviceData[BleUuid.FromShort(data[0] | (data[1] << 8)).ToString()] = data[2..];
                        break;
                    default:
                        // Manufacturer data and the rest have no place on the virtual link's advertisement.
                        break;
                }
            }

            if (!custom)
            {
                services.AddRange(fallbackServices);
            }

            return new VirtualAdvertisement(name, services, serviceData);
        }

        // The virtual link's own log lines go to the board's serial console like the firmware's.
        private sealed class ConsoleLog : ILog
        {
            public bool IsEnabled(LogLevel level) => level >= LogLevel.Information;

            public void Write(LogLevel level, string component, string message)
            {
                if (IsEnabled(level))
                {
                    Console.Out.WriteLine("[" + component + "] " + message);
                }
            }
        }
    }
}
