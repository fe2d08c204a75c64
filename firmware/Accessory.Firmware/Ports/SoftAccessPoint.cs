using System.Net;
using System.Net.NetworkInformation;
using Accessory.Core.Ports;
using Iot.Device.DhcpServer;

namespace Accessory.Firmware.Ports
{
    /// <summary>
    /// The provisioning access point: an open network named PROV_XXXXXX at 192.168.4.1/24 (ESP-IDF's SoftAP
    /// defaults, which phone apps expect), with Iot.Device.DhcpServer handing out addresses. nanoFramework applies a
    /// changed AP configuration only after a reboot, so Configure says when one is needed.
    /// </summary>
    public sealed class SoftAccessPoint
    {
        public const string Address = "192.168.4.1";
        public const string Mask = "255.255.255.0";
        private const ushort LeaseMinutes = 120;
        private readonly ILog _log;
        private DhcpServer? _dhcp;

        public SoftAccessPoint(ILog log)
        {
            _log = log;
        }

        /// <summary>Writes the AP configuration; true when it changed and the board must reboot to apply it.</summary>
        public bool Configure(string ssid, byte maxStations)
        {
            var ap = WirelessAPConfiguration.GetAllWirelessAPConfigurations()[0];
            var wanted = WirelessAPConfiguration.ConfigurationOptions.Enable | WirelessAPConfiguration.ConfigurationOptions.AutoStart;
            var face = FindInterface(NetworkInterfaceType.WirelessAP);
            bool addressed = face != null && face.IPv4Address == Address;
            if (ap.Ssid == ssid && ap.Options == wanted && ap.MaxConnections == maxStations && addressed)
            {
                return false;
            }

            if (face != null)
            {
                face.EnableStaticIPv4(Address, Mask, Address);
            }

            ap.Ssid = ssid;
            ap.Password = string.Empty;
            // Qualified: System.Net.Http also defines System.Net.AuthenticationType.
            ap.Authentication = System.Net.NetworkInformation.AuthenticationType.Open;
            ap.Options = wanted;
            ap.MaxConnections = maxStations;
            ap.SaveConfiguration();
            _log.Write(LogLevel.Information, "softap", "configured " + ssid + " at " + Address + "; a reboot applies it");
            return true;
        }

        /// <summary>Serves DHCP on the AP; false when the DHCP server could not bind.</summary>
        public bool Start()
        {
            var dhcp = new DhcpServer();
            dhcp.CaptivePortalUrl = "http://" + Address;
            bool started = dhcp.Start(IPAddress.Parse(Address), IPAddress.Parse(Mask), LeaseMinutes);
            if (!started)
            {
                dhcp.Dispose();
                _log.Write(LogLevel.Error, "softap", "DHCP server did not start");
                return false;
            }

            _dhcp = dhcp;
            return true;
        }

        /// <summary>Stops DHCP and switches the AP off (after provisioning ends), applied at the next boot.</summary>
        public void Stop()
        {
            if (_dhcp != null)
            {
                _dhcp.Stop();
                _dhcp.Dispose();
                _dhcp = null;
            }

            var ap = WirelessAPConfiguration.GetAllWirelessAPConfigurations()[0];
            ap.Options = WirelessAPConfiguration.ConfigurationOptions.Disable;
            ap.SaveConfiguration();
        }

        private static NetworkInterface? FindInterface(NetworkInterfaceType type)
        {
            foreach (NetworkInterface face in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (face.NetworkInterfaceType == type)
                {
                    return face;
                }
            }

            return null;
        }
    }
}
