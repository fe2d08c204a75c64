using System;
using System.Globalization;

namespace Accessory.Firmware.Desktop
{
    /// <summary>The emulated board's command line.</summary>
    internal sealed class HostOptions
    {
        public const string Usage = "usage: accessory-firmware --data-dir DIR [--board esp32-devkitc|seeed-xiao-esp32s3] [--http-port N] [--api-port N] [--broker HOST:PORT] [--radio-env FILE] [--timing fast|realistic] [--station-address IPV4]";

        public string DataFolder { get; private set; } = string.Empty;

        public string Board { get; private set; } = "esp32-devkitc";

        public int HttpPort { get; private set; } = 80;

        public int ApiPort { get; private set; } = 443;

        public string? BrokerHost { get; private set; }

        public int BrokerPort { get; private set; } = 1883;

        public string? RadioEnvironmentFile { get; private set; }

        public string? Timing { get; private set; }

        public string? StationAddress { get; private set; }

        public static HostOptions Parse(string[] args)
        {
            var options = new HostOptions();
            for (int i = 0; i < args.Length; i++)
            {
                string name = args[i];
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException(name + " needs a value");
                }

                string value = args[++i];
                switch (name)
                {
                    case "--data-dir":
                        options.DataFolder = value;
                        break;
                    case "--board":
                        options.Board = value;
                        break;
                    case "--http-port":
                        options.HttpPort = Port(name, value);
                        break;
                    case "--api-port":
                        options.ApiPort = Port(name, value);
                        break;
                    case "--broker":
                        int colon = value.LastIndexOf(':');
                        if (colon <= 0)
                        {
                            throw new ArgumentException("--broker is HOST:PORT (plain MQTT), not '" + value + "'");
                        }

                        options.BrokerHost = value.Substring(0, colon);
                        options.BrokerPort = Port(name, value.Substring(colon + 1));
                        break;
                    case "--radio-env":
                        options.RadioEnvironmentFile = value;
                        break;
                    case "--timing":
                        if (value != "fast" && value != "realistic")
                        {
                            throw new ArgumentException("--timing must be 'fast' or 'realistic', not '" + value + "'");
                        }

                        options.Timing = value;
                        break;
                    case "--station-address":
                        if (!System.Net.IPAddress.TryParse(value, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
                        {
                            throw new ArgumentException("--station-address must be an IPv4 address, not '" + value + "'");
                        }

                        options.StationAddress = value;
                        break;
                    default:
                        throw new ArgumentException("unknown option " + name);
                }
            }

            if (options.DataFolder.Length == 0)
            {
                throw new ArgumentException("--data-dir is required (the board's flash)");
            }

            return options;
        }

        private static int Port(string name, string value)
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
            {
                throw new ArgumentException(name + " must be a port 1..65535, not '" + value + "'");
            }

            return port;
        }
    }
}
