using System.Net.NetworkInformation;
using System.Text;
using System.Threading;
using Accessory.Board.Emulation;
using Accessory.Core.Wifi;

namespace System.Device.Wifi
{
    /// <summary>
    /// The station radio of the emulated board over the simulator's VirtualRadio: scans see the radio environment
    /// (its timing, its networks the board's bands can hear), Connect blocks until the virtual AP accepts or refuses
    /// (wrong passphrase, unknown SSID), and the station interface gets its address. A fault that takes the AP away
    /// raises NetworkChange.NetworkAvailabilityChanged, as the ESP32's disconnect event does.
    /// </summary>
    public class WifiAdapter : IDisposable
    {
        private static WifiAdapter? _only;
        private readonly object _gate = new object();
        private WifiNetworkReport _report = new WifiNetworkReport(new WifiAvailableNetwork[0]);

        private WifiAdapter()
        {
            EmulatedBoard.Radio.LinkLost += reason =>
            {
                Net.NetworkInformation.NetworkInterface.Station.SetAddress("0.0.0.0", "0.0.0.0", "0.0.0.0");
                NetworkChange.RaiseAvailability(false);
            };
        }

        public event AvailableNetworksChangedEventHandler? AvailableNetworksChanged;

        public int NetworkInterface => Net.NetworkInformation.NetworkInterface.StationIndex;

        public WifiNetworkReport NetworkReport
        {
            get
            {
                lock (_gate)
                {
                    return _report;
                }
            }
        }

        public static WifiAdapter[] FindAllAdapters()
        {
            lock (typeof(WifiAdapter))
            {
                _only ??= new WifiAdapter();
                return new[] { _only };
            }
        }

        public void ScanAsync()
        {
            EmulatedBoard.Radio.StartScan(found =>
            {
                var networks = new WifiAvailableNetwork[found.Length];
                for (int i = 0; i < found.Length; i++)
                {
                    networks[i] = new WifiAvailableNetwork
                    {
                        // nanoFramework hands SSIDs over as strings; bytes that are not UTF-8 come out replaced, as there.
                        Ssid = Encoding.UTF8.GetString(found[i].Ssid),
                        Bsid = Accessory.Simulator.Radio.VirtualRadio.BssidText(found[i].Bssid),
                        NetworkRssiInDecibelMilliwatts = found[i].Rssi,
                    };
                }

                lock (_gate)
                {
                    _report = new WifiNetworkReport(networks);
                }

                AvailableNetworksChanged?.Invoke(this, EventArgs.Empty);
            });
        }

        public WifiConnectionResult Connect(WifiAvailableNetwork availableNetwork, WifiReconnectionKind reconnectionKind, string passwordCredential)
        {
            ArgumentNullException.ThrowIfNull(availableNetwork);
            return Connect(availableNetwork.Ssid, reconnectionKind, passwordCredential);
        }

        public WifiConnectionResult Connect(string ssid, WifiReconnectionKind reconnectionKind, string passwordCredential)
        {
            ArgumentNullException.ThrowIfNull(ssid);
            WifiConnectResult? result = null;
            using (var done = new ManualResetEventSlim())
            {
                EmulatedBoard.Radio.Connect(Encoding.UTF8.GetBytes(ssid), Encoding.UTF8.GetBytes(passwordCredential ?? string.Empty), new byte[0], r =>
                {
                    result = r;
                    done.Set();
                });
                // No BSSID: nanoFramework joins by SSID, the strongest AP of that name. ESP-IDF gives up a join after about 30 s; the virtual radio always answers sooner.
                if (!done.Wait(TimeSpan.FromSeconds(30)))
                {
                    EmulatedBoard.Radio.Disconnect();
                    return new WifiConnectionResult(WifiConnectionStatus.Timeout);
                }
            }

            if (!result!.Connected)
            {
                return new WifiConnectionResult(result.FailReason == WifiFailReason.AuthError ? WifiConnectionStatus.InvalidCredential : WifiConnectionStatus.NetworkNotAvailable);
            }

            string address = EmulatedBoard.Configuration.StationAddress ?? result.Ip4Address;
            Net.NetworkInformation.NetworkInterface.Station.SetAddress(address, "255.255.255.0", "0.0.0.0");
            NetworkChange.RaiseAvailability(true);
            return new WifiConnectionResult(WifiConnectionStatus.Success);
        }

        public void Disconnect()
        {
            EmulatedBoard.Radio.Disconnect();
            Net.NetworkInformation.NetworkInterface.Station.SetAddress("0.0.0.0", "0.0.0.0", "0.0.0.0");
        }

        public void Dispose()
        {
        }
    }
}
