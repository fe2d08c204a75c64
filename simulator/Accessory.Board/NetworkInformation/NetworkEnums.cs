namespace System.Net.NetworkInformation
{
    public enum NetworkInterfaceType
    {
        Unknown = 1,
        Ethernet = 6,
        Wireless80211 = 71,
        WirelessAP = 72,
    }

    public enum AuthenticationType : byte
    {
        None = 0,
        EAP = 1,
        PEAP = 2,
        WCN = 3,
        Open = 4,
        Shared = 5,
        WEP = 6,
        WPA = 7,
        WPA2 = 8,
    }

    public delegate void NetworkAvailabilityChangedEventHandler(object sender, NetworkAvailabilityEventArgs e);

    public class NetworkAvailabilityEventArgs : EventArgs
    {
        internal NetworkAvailabilityEventArgs(bool isAvailable)
        {
            IsAvailable = isAvailable;
        }

        public bool IsAvailable { get; }
    }

    /// <summary>Network events of the emulated board: the station's link coming and going.</summary>
    public static class NetworkChange
    {
        public static event NetworkAvailabilityChangedEventHandler? NetworkAvailabilityChanged;

        internal static void RaiseAvailability(bool available)
        {
            NetworkAvailabilityChanged?.Invoke(null!, new NetworkAvailabilityEventArgs(available));
        }
    }
}
