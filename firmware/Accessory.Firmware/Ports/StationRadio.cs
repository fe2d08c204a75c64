using System;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using Accessory.Core.Ports;
using Accessory.Core.Text;
using Accessory.Core.Wifi;

namespace Accessory.Firmware.Ports
{
    /// <summary>
    /// IWifiRadio on the ESP32's station interface through System.Device.Wifi's WifiAdapter. Scans complete on the
    /// adapter's AvailableNetworksChanged event; joins block in WifiAdapter.Connect, so they run on their own thread
    /// and report through the core's callback. WifiAvailableNetwork exposes neither channel nor auth mode: scan
    /// results carry channel 0 and WPA2-PSK because the API does not say.
    /// </summary>
    public sealed class StationRadio : IWifiRadio
    {
        private const int AddressWaitMilliseconds = 15000;
        private readonly WifiAdapter _adapter;
        private readonly ILog _log;
        private readonly object _gate = new object();
        private WifiScanCompleted? _pendingScan;
        private bool _connected;

        public StationRadio(ILog log)
        {
            _log = log;
            var adapters = WifiAdapter.FindAllAdapters();
            if (adapters.Length == 0)
            {
                throw new InvalidOperationException("this nanoFramework image has no Wi-Fi adapter");
            }

            _adapter = adapters[0];
            _adapter.AvailableNetworksChanged += OnScanDone;
            NetworkChange.NetworkAvailabilityChanged += OnAvailabilityChanged;
        }

        public event WifiLinkLost? LinkLost;

        public void StartScan(WifiScanCompleted completed)
        {
            lock (_gate)
            {
                _pendingScan = completed;
            }

            try
            {
                _adapter.ScanAsync();
            }
            catch (Exception e)
            {
                _log.Write(LogLevel.Warning, "wifi", "scan could not start: " + e.Message);
                lock (_gate)
                {
                    _pendingScan = null;
                }

                completed(new WifiAccessPoint[0]);
            }
        }

        public void Connect(byte[] ssid, byte[] passphrase, byte[] bssid, WifiConnectCompleted completed)
        {
            string name = Utf8.Decode(ssid);
            string password = Utf8.Decode(passphrase);
            var worker = new Thread(() => completed(Join(name, password, ssid, bssid)));
            worker.Start();
        }

        public void Disconnect()
        {
            lock (_gate)
            {
                _connected = false;
            }

            _adapter.Disconnect();
        }

        private WifiConnectResult Join(string name, string password, byte[] ssid, byte[] bssid)
        {
            WifiConnectionResult result;
            try
            {
                result = _adapter.Connect(name, WifiReconnectionKind.Manual, password);
            }
            catch (Exception e)
            {
                _log.Write(LogLevel.Warning, "wifi", "join failed: " + e.Message);
                return WifiConnectResult.Failure(WifiFailReason.NetworkNotFound);
            }

            if (result.ConnectionStatus != WifiConnectionStatus.Success)
            {
                return WifiConnectResult.Failure(FailReasonFor(result.ConnectionStatus));
            }

            string address = WaitForAddress();
            if (address.Length == 0)
            {
                _adapter.Disconnect();
                return WifiConnectResult.Failure(WifiFailReason.NetworkNotFound);
            }

            lock (_gate)
            {
                _connected = true;
            }

            return WifiConnectResult.Success(new WifiAccessPoint(ssid, bssid, 0, 0, WifiAuthMode.Wpa2Psk), address);
        }

        // ESP-IDF reports a wrong password as an auth error and everything else (absent, timeout) as not found.
        private static WifiFailReason FailReasonFor(WifiConnectionStatus status)
        {
            if (status == WifiConnectionStatus.InvalidCredential || status == WifiConnectionStatus.AccessRevoked || status == WifiConnectionStatus.UnsupportedAuthenticationProtocol)
            {
                return WifiFailReason.AuthError;
            }

            return WifiFailReason.NetworkNotFound;
        }

        private string WaitForAddress()
        {
            var station = NetworkInterface.GetAllNetworkInterfaces()[_adapter.NetworkInterface];
            for (int waited = 0; waited < AddressWaitMilliseconds; waited += 200)
            {
                string address = station.IPv4Address;
                if (address != null && address.Length > 0 && address != "0.0.0.0")
                {
                    return address;
                }

                Thread.Sleep(200);
            }

            return string.Empty;
        }

        private void OnScanDone(WifiAdapter sender, object e)
        {
            WifiScanCompleted? completed;
            lock (_gate)
            {
                completed = _pendingScan;
                _pendingScan = null;
            }

            if (completed == null)
            {
                return;
            }

            var networks = sender.NetworkReport.AvailableNetworks;
            var found = new WifiAccessPoint[networks.Length];
            for (int i = 0; i < networks.Length; i++)
            {
                var network = networks[i];
                found[i] = new WifiAccessPoint(
                    Utf8.Encode(network.Ssid),
                    MacText.Parse(network.Bsid),
                    0,
                    (int)network.NetworkRssiInDecibelMilliwatts,
                    WifiAuthMode.Wpa2Psk);
            }

            completed(found);
        }

        private void OnAvailabilityChanged(object sender, NetworkAvailabilityEventArgs e)
        {
            bool lost;
            lock (_gate)
            {
                lost = _connected && !e.IsAvailable;
                if (lost)
                {
                    _connected = false;
                }
            }

            if (lost)
            {
                LinkLost?.Invoke("station link lost");
            }
        }
    }
}
