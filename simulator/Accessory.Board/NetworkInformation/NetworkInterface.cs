using Accessory.Board.Emulation;

namespace System.Net.NetworkInformation
{
    /// <summary>
    /// The board's two network interfaces, as nanoFramework lists them: index 0 the station (Wireless80211, its
    /// address from the join), index 1 the SoftAP (WirelessAP, its static address).
    /// </summary>
    public class NetworkInterface
    {
        internal const int StationIndex = 0;
        internal const int SoftApIndex = 1;
        private static readonly object Gate = new object();
        private static readonly NetworkInterface[] Interfaces =
        {
            new NetworkInterface(StationIndex),
            new NetworkInterface(SoftApIndex),
        };

        private readonly int _index;
        private string _address = "0.0.0.0";
        private string _mask = "0.0.0.0";
        private string _gateway = "0.0.0.0";
        private byte[]? _mac;

        public NetworkInterface(int interfaceIndex)
        {
            _index = interfaceIndex;
        }

        public NetworkInterfaceType NetworkInterfaceType => _index == StationIndex ? NetworkInterfaceType.Wireless80211 : NetworkInterfaceType.WirelessAP;

        /// <summary>The station's eFuse MAC; the AP's is the station's plus one, as on ESP-IDF.</summary>
        public byte[] PhysicalAddress
        {
            get
            {
                lock (Gate)
                {
                    if (_mac == null)
                    {
                        var mac = EmulatedBoard.FactoryMac();
                        if (_index == SoftApIndex)
                        {
                            mac[5]++;
                        }

                        _mac = mac;
                    }

                    return (byte[])_mac.Clone();
                }
            }

            set
            {
                lock (Gate)
                {
                    _mac = (byte[])value.Clone();
                }
            }
        }

        public string IPv4Address
        {
            get
            {
                lock (Gate)
                {
                    return _address;
                }
            }
        }

        public string IPv4SubnetMask
        {
            get
            {
                lock (Gate)
                {
                    return _mask;
                }
            }
        }

        public string IPv4GatewayAddress
        {
            get
            {
                lock (Gate)
                {
                    return _gateway;
                }
            }
        }

        public bool IsDhcpEnabled => _index == StationIndex;

        public static NetworkInterface[] GetAllNetworkInterfaces()
        {
            if (Interfaces[SoftApIndex].IPv4Address == "0.0.0.0" && SoftApConfigurationStore.Addressed())
            {
                // The address set by EnableStaticIPv4 before the last reboot is kept, as in the board's config block.
                Interfaces[SoftApIndex].SetAddress(EmulatedBoard.Configuration.SoftApAddress, "255.255.255.0", EmulatedBoard.Configuration.SoftApAddress);
            }

            return (NetworkInterface[])Interfaces.Clone();
        }

        public static bool GetIsNetworkAvailable() => Interfaces[StationIndex].IPv4Address != "0.0.0.0";

        public void EnableStaticIPv4(string ipv4Address, string ipv4SubnetMask, string ipv4GatewayAddress)
        {
            if (!IPAddress.TryParse(ipv4Address, out _) || !IPAddress.TryParse(ipv4SubnetMask, out _) || !IPAddress.TryParse(ipv4GatewayAddress, out _))
            {
                throw new ArgumentException("not IPv4 addresses: " + ipv4Address + " / " + ipv4SubnetMask + " / " + ipv4GatewayAddress);
            }

            SetAddress(ipv4Address, ipv4SubnetMask, ipv4GatewayAddress);
            if (_index == SoftApIndex)
            {
                SoftApConfigurationStore.MarkAddressed();
            }
        }

        public void EnableDhcp()
        {
            SetAddress("0.0.0.0", "0.0.0.0", "0.0.0.0");
        }

        internal static NetworkInterface Station => Interfaces[StationIndex];

        internal void SetAddress(string address, string mask, string gateway)
        {
            lock (Gate)
            {
                _address = address;
                _mask = mask;
                _gateway = gateway;
            }
        }
    }
}
