namespace System.Device.Wifi
{
    public enum WifiConnectionStatus
    {
        AccessRevoked = 0,
        InvalidCredential = 1,
        NetworkNotAvailable = 2,
        Success = 3,
        Timeout = 4,
        UnspecifiedFailure = 5,
        UnsupportedAuthenticationProtocol = 6,
    }

    public enum WifiReconnectionKind
    {
        Automatic = 0,
        Manual = 1,
    }

    public enum WifiNetworkKind
    {
        Adhoc = 0,
        Any = 1,
        Infrastructure = 2,
    }

    public delegate void AvailableNetworksChangedEventHandler(WifiAdapter sender, object e);

    public class WifiConnectionResult
    {
        internal WifiConnectionResult(WifiConnectionStatus status)
        {
            ConnectionStatus = status;
        }

        public WifiConnectionStatus ConnectionStatus { get; }
    }

    public class WifiAvailableNetwork
    {
        public WifiAvailableNetwork()
        {
        }

        public string Bsid { get; internal set; } = string.Empty;

        public string Ssid { get; internal set; } = string.Empty;

        public WifiNetworkKind NetworkKind => WifiNetworkKind.Infrastructure;

        public double NetworkRssiInDecibelMilliwatts { get; internal set; }

        public byte SignalBars
        {
            get
            {
                if (NetworkRssiInDecibelMilliwatts >= -55)
                {
                    return 4;
                }

                if (NetworkRssiInDecibelMilliwatts >= -67)
                {
                    return 3;
                }

                return NetworkRssiInDecibelMilliwatts >= -80 ? (byte)2 : (byte)1;
            }
        }
    }

    public class WifiNetworkReport
    {
        internal WifiNetworkReport(WifiAvailableNetwork[] networks)
        {
            AvailableNetworks = networks;
        }

        public WifiAvailableNetwork[] AvailableNetworks { get; }
    }
}
