namespace Accessory.Firmware
{
    /// <summary>
    /// What a firmware build is configured with. Edit before building for a product: nanoFramework has no
    /// configuration file the application could read at boot, and these values are not secrets. The settable ones
    /// are where this board is wired to its network and flash; the emulated board (simulator/Accessory.Firmware.Desktop)
    /// sets them from its command line before FirmwareDevice starts.
    /// </summary>
    public static class FirmwareOptions
    {
        public const string Manufacturer = "Accessory";

        public const string Model = "esp32-lamp";

        public const string FirmwareVersion = "0.1.0";

        public const string ProtocolVersion = "1";

        /// <summary>The folder on the internal flash file system that holds the settings image.</summary>
        public static string SettingsFolder { get; set; } = "I:\\accessory";

        /// <summary>MQTT broker; empty leaves the cloud link off (logged at boot).</summary>
        public static string BrokerHost { get; set; } = string.Empty;

        /// <summary>8883 with TLS (a CA certificate in BrokerCaPem), 1883 without.</summary>
        public static int BrokerPort { get; set; } = 8883;

        /// <summary>PEM of the CA that signed the broker's certificate; empty means plain MQTT.</summary>
        public static string BrokerCaPem { get; set; } = string.Empty;

        /// <summary>Port of the local HTTPS API (served only when the settings hold a device certificate).</summary>
        public static int LocalApiPort { get; set; } = 443;

        /// <summary>Port of the provisioning HTTP server on the SoftAP (80, where phone apps look).</summary>
        public static int ProvisioningHttpPort { get; set; } = 80;

        /// <summary>ESP-IDF's SoftAP allows this many stations; phones rarely need more than one.</summary>
        public const byte SoftApMaxStations = 4;

        /// <summary>Connections the HTTP servers keep before purging the least recently used (httpd's default 7 is too many for the heap).</summary>
        public const int MaxHttpConnections = 4;

        /// <summary>Local API event WebSockets open at once (each holds a connection and its thread); one more gets 503.</summary>
        public const int MaxEventStreams = 2;

        /// <summary>Client addresses whose wrong access tokens the local API remembers (the lockout's memory bound).</summary>
        public const int MaxTrackedApiClients = 16;

        /// <summary>ESP-IDF's provisioning body limit and a header limit that fits the managed heap.</summary>
        public const int MaxHeaderBytes = 1024;

        public const int MaxBodyBytes = 4096;
    }
}
