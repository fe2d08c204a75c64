using System.Globalization;
using System.IO;
using Accessory.Board.Emulation;

namespace System.Net.NetworkInformation
{
    /// <summary>The board's non-volatile network configuration block, as a small text file next to its flash.</summary>
    internal static class SoftApConfigurationStore
    {
        private static string ApPath => Path.Combine(EmulatedBoard.Configuration.BoardFolder, "wireless-ap.conf");

        private static string AddressPath => Path.Combine(EmulatedBoard.Configuration.BoardFolder, "wireless-ap.address");

        public static WirelessAPConfiguration Load()
        {
            var ap = new WirelessAPConfiguration(0);
            if (!File.Exists(ApPath))
            {
                return ap;
            }

            foreach (var line in File.ReadAllLines(ApPath))
            {
                int eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    continue;
                }

                string key = line.Substring(0, eq);
                string value = line.Substring(eq + 1);
                switch (key)
                {
                    case "ssid":
                        ap.Ssid = value;
                        break;
                    case "password":
                        ap.Password = value;
                        break;
                    case "auth":
                        ap.Authentication = (AuthenticationType)byte.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case "options":
                        ap.Options = (WirelessAPConfiguration.ConfigurationOptions)byte.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case "max":
                        ap.MaxConnections = byte.Parse(value, CultureInfo.InvariantCulture);
                        break;
                }
            }

            return ap;
        }

        public static void Save(WirelessAPConfiguration ap)
        {
            string text = "ssid=" + ap.Ssid + "\npassword=" + ap.Password + "\nauth=" + ((byte)ap.Authentication).ToString(CultureInfo.InvariantCulture)
                + "\noptions=" + ((byte)ap.Options).ToString(CultureInfo.InvariantCulture) + "\nmax=" + ap.MaxConnections.ToString(CultureInfo.InvariantCulture) + "\n";
            string temporary = ApPath + ".new";
            File.WriteAllText(temporary, text);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temporary, ApPath, true);
        }

        public static bool Addressed() => File.Exists(AddressPath);

        public static void MarkAddressed() => File.WriteAllText(AddressPath, "static\n");
    }
}
