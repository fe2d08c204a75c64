namespace System.Net.NetworkInformation
{
    /// <summary>
    /// The SoftAP's configuration block. As on the board it survives reboots (kept with the board's files) and a
    /// saved change takes effect at the next boot; the emulated AP is the loopback or namespace interface the
    /// provisioning server's sockets are reached on.
    /// </summary>
    public class WirelessAPConfiguration
    {
        private static WirelessAPConfiguration? _only;

        public WirelessAPConfiguration(uint id)
        {
            Id = id;
        }

        [Flags]
        public enum ConfigurationOptions : byte
        {
            None = 0,
            Disable = 1,
            Enable = 2,
            AutoStart = 6,
            HiddenSSID = 8,
        }

        public uint Id { get; }

        public string Ssid { get; set; } = string.Empty;

        public string Password { get; set; } = string.Empty;

        public AuthenticationType Authentication { get; set; } = AuthenticationType.Open;

        public ConfigurationOptions Options { get; set; } = ConfigurationOptions.None;

        public byte MaxConnections { get; set; } = 4;

        public byte Channel { get; set; } = 1;

        public static WirelessAPConfiguration[] GetAllWirelessAPConfigurations()
        {
            lock (typeof(WirelessAPConfiguration))
            {
                _only ??= SoftApConfigurationStore.Load();
                return new[] { _only };
            }
        }

        public void SaveConfiguration()
        {
            if (Ssid.Length == 0 || Ssid.Length > 32)
            {
                throw new ArgumentException("the AP SSID must be 1..32 characters");
            }

            if (Password.Length != 0 && Password.Length < 8)
            {
                throw new ArgumentException("a WPA2 AP password has at least 8 characters");
            }

            SoftApConfigurationStore.Save(this);
        }
    }
}
