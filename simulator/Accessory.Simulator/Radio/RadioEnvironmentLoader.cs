using System.Globalization;
using System.Text;
using Accessory.Core.Wifi;
using Accessory.Simulator.Yaml;
using YamlDotNet.RepresentationModel;

namespace Accessory.Simulator.Radio;

/// <summary>
/// Reads an environment file. Walks the YAML node tree rather than deserializing into classes, so every error can
/// point at the line of the offending value.
/// </summary>
public static class RadioEnvironmentLoader
{
    public static RadioEnvironment Parse(string yaml, string sourceName)
    {
        var root = YamlRootMapping.Load(yaml, sourceName, "'access_points'", (source, line, problem, cause) => new RadioEnvironmentException(source, line, problem, cause));

        var file = new Reader(sourceName);
        file.CheckKeys(root, "timing", "device", "access_points");
        var timing = root.Children.TryGetValue(new YamlScalarNode("timing"), out var timingNode) ? file.Timing(timingNode) : TimingModel.Realistic;
        var device = root.Children.TryGetValue(new YamlScalarNode("device"), out var deviceNode) ? file.Device(deviceNode) : DeviceRadioModel.Esp32;
        if (!root.Children.TryGetValue(new YamlScalarNode("access_points"), out var apsNode) || apsNode is not YamlSequenceNode aps)
        {
            throw new RadioEnvironmentException(sourceName, (int)root.Start.Line, "'access_points' must be a list of access points");
        }

        var list = new List<AccessPointDefinition>();
        foreach (var node in aps.Children)
        {
            list.Add(file.AccessPoint(node));
        }

        return new RadioEnvironment(list, device, timing);
    }

    private sealed class Reader
    {
        private readonly string _source;

        public Reader(string source)
        {
            _source = source;
        }

        public TimingModel Timing(YamlNode node)
        {
            if (node is YamlScalarNode scalar)
            {
                return Preset(scalar);
            }

            var map = Map(node, "timing");
            CheckKeys(map, "model", "scan_ms", "connect_min_ms", "connect_max_ms");
            var preset = map.Children.TryGetValue(new YamlScalarNode("model"), out var model) ? Preset(model) : TimingModel.Realistic;
            int scan = OptionalInt(map, "scan_ms", preset.ScanMilliseconds, 0, 600_000);
            int min = OptionalInt(map, "connect_min_ms", preset.ConnectMinMilliseconds, 0, 600_000);
            int max = OptionalInt(map, "connect_max_ms", preset.ConnectMaxMilliseconds, 0, 600_000);
            if (max < min)
            {
                throw Error(map, $"connect_max_ms ({max}) is smaller than connect_min_ms ({min})");
            }

            return new TimingModel(preset.Name, scan, min, max);
        }

        public DeviceRadioModel Device(YamlNode node)
        {
            var map = Map(node, "device");
            CheckKeys(map, "bands", "wpa3");
            bool five = false;
            if (map.Children.TryGetValue(new YamlScalarNode("bands"), out var bandsNode))
            {
                if (bandsNode is not YamlSequenceNode bands || bands.Children.Count == 0)
                {
                    throw Error(bandsNode, "'bands' must be a non-empty list such as [2.4] or [2.4, 5]");
                }

                bool twoFour = false;
                foreach (var b in bands.Children)
                {
                    var band = Band(b);
                    twoFour |= band == WifiBand.Band24GHz;
                    five |= band == WifiBand.Band5GHz;
                }

                if (!twoFour)
                {
                    throw Error(bandsNode, "a device radio without 2.4 GHz cannot be simulated");
                }
            }

            bool wpa3 = !map.Children.TryGetValue(new YamlScalarNode("wpa3"), out var wpa3Node) || Bool(wpa3Node);
            return new DeviceRadioModel { Supports5GHz = five, SupportsWpa3 = wpa3 };
        }

        public AccessPointDefinition AccessPoint(YamlNode node)
        {
            var map = Map(node, "access point");
            CheckKeys(map, "ssid", "ssid_hex", "bssid", "channel", "band", "rssi", "auth", "password", "hidden", "subnet", "behaviour");
            byte[] ssid = Ssid(map);
            byte[] bssid = Bssid(Required(map, "bssid"));
            var channelNode = Required(map, "channel");
            int channel = Int(channelNode, 0, 255);
            WifiBand band = map.Children.TryGetValue(new YamlScalarNode("band"), out var bandNode) ? Band(bandNode) : BandOf(channelNode, channel);
            if (!ChannelFits(channel, band))
            {
                throw Error(channelNode, $"channel {channel} is not a {(band == WifiBand.Band24GHz ? "2.4" : "5")} GHz channel (2.4 GHz: 1-14, 5 GHz: 32-177)");
            }

            var auth = map.Children.TryGetValue(new YamlScalarNode("auth"), out var authNode) ? Auth(authNode) : WifiAuthMode.Wpa2Psk;
            string password = map.Children.TryGetValue(new YamlScalarNode("password"), out var pwNode) ? Text(pwNode) : string.Empty;
            if (auth == WifiAuthMode.Open && password.Length != 0)
            {
                throw Error(pwNode!, "an open network has no password");
            }

            if (auth != WifiAuthMode.Open && auth != WifiAuthMode.Wep)
            {
                int length = Encoding.UTF8.GetByteCount(password);
                if (length < 8 || length > 64)
                {
                    // Length only: the message must not echo the password.
                    throw Error(pwNode ?? map, $"a {auth} network needs a password of 8 to 64 bytes (this one has {length})");
                }
            }

            string subnet = map.Children.TryGetValue(new YamlScalarNode("subnet"), out var subnetNode) ? Subnet(subnetNode) : "192.168.1";
            int dhcp = 0;
            if (map.Children.TryGetValue(new YamlScalarNode("behaviour"), out var behaviourNode))
            {
                var behaviour = Map(behaviourNode, "behaviour");
                CheckKeys(behaviour, "dhcp_delay_ms");
                dhcp = OptionalInt(behaviour, "dhcp_delay_ms", 0, 0, 600_000);
            }

            return new AccessPointDefinition
            {
                Ssid = ssid,
                Bssid = bssid,
                Channel = channel,
                Band = band,
                Rssi = map.Children.TryGetValue(new YamlScalarNode("rssi"), out var rssiNode) ? Int(rssiNode, -100, 0) : -60,
                Auth = auth,
                Password = password,
                Hidden = map.Children.TryGetValue(new YamlScalarNode("hidden"), out var hiddenNode) && Bool(hiddenNode),
                Subnet = subnet,
                DhcpDelayMilliseconds = dhcp,
                SourceLine = (int)map.Start.Line,
            };
        }

        public void CheckKeys(YamlMappingNode map, params string[] allowed)
        {
            foreach (var key in map.Children.Keys)
            {
                string name = key is YamlScalarNode s ? s.Value ?? string.Empty : string.Empty;
                if (Array.IndexOf(allowed, name) < 0)
                {
                    throw Error(key, $"unknown key '{name}' (expected one of: {string.Join(", ", allowed)})");
                }
            }
        }

        private static bool ChannelFits(int channel, WifiBand band) =>
            band == WifiBand.Band24GHz ? channel >= 1 && channel <= 14 : channel >= 32 && channel <= 177;

        private WifiBand BandOf(YamlNode node, int channel)
        {
            if (channel >= 1 && channel <= 14)
            {
                return WifiBand.Band24GHz;
            }

            if (channel >= 32 && channel <= 177)
            {
                return WifiBand.Band5GHz;
            }

            throw Error(node, $"channel {channel} is in neither the 2.4 GHz (1-14) nor the 5 GHz (32-177) band");
        }

        private TimingModel Preset(YamlNode node) => Text(node) switch
        {
            "realistic" => TimingModel.Realistic,
            "fast" => TimingModel.Fast,
            var other => throw Error(node, $"unknown timing model '{other}' (expected 'realistic' or 'fast')"),
        };

        private byte[] Ssid(YamlMappingNode map)
        {
            bool hasText = map.Children.TryGetValue(new YamlScalarNode("ssid"), out var textNode);
            bool hasHex = map.Children.TryGetValue(new YamlScalarNode("ssid_hex"), out var hexNode);
            if (hasText == hasHex)
            {
                throw Error(map, "an access point needs exactly one of 'ssid' (text) or 'ssid_hex' (raw bytes)");
            }

            byte[] ssid = hasText ? Encoding.UTF8.GetBytes(Text(textNode!)) : HexBytes(hexNode!);
            if (ssid.Length > 32)
            {
                throw Error(hasText ? textNode! : hexNode!, $"SSID is {ssid.Length} bytes; 802.11 allows at most 32");
            }

            return ssid;
        }

        private byte[] HexBytes(YamlNode node)
        {
            string text = Text(node).Replace(" ", string.Empty, StringComparison.Ordinal).Replace(":", string.Empty, StringComparison.Ordinal);
            try
            {
                return Convert.FromHexString(text);
            }
            catch (FormatException)
            {
                throw Error(node, "'ssid_hex' must be hexadecimal bytes, e.g. \"c3 28 ff\"");
            }
        }

        private byte[] Bssid(YamlNode node)
        {
            string text = Text(node);
            var bytes = Accessory.Simulator.Net.MacAddressText.TryParse(text);
            if (bytes == null)
            {
                throw Error(node, $"BSSID '{text}' must be six hex bytes separated by colons, e.g. 24:0a:c4:12:34:56");
            }

            if ((bytes[0] & 1) != 0)
            {
                throw Error(node, $"BSSID '{text}' is a multicast address; an access point's BSSID is unicast");
            }

            return bytes;
        }

        private WifiBand Band(YamlNode node) => Text(node) switch
        {
            "2.4" or "2.4GHz" or "2.4 GHz" => WifiBand.Band24GHz,
            "5" or "5GHz" or "5 GHz" => WifiBand.Band5GHz,
            var other => throw Error(node, $"unknown band '{other}' (expected 2.4 or 5)"),
        };

        private WifiAuthMode Auth(YamlNode node)
        {
            string text = Text(node);
            string key = text.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
            foreach (WifiAuthMode mode in Enum.GetValues<WifiAuthMode>())
            {
                if (string.Equals(mode.ToString(), key, StringComparison.OrdinalIgnoreCase))
                {
                    return mode;
                }
            }

            throw Error(node, $"unknown auth mode '{text}' (expected open, wep, wpa_psk, wpa2_psk, wpa_wpa2_psk, wpa2_enterprise, wpa3_psk or wpa2_wpa3_psk)");
        }

        private string Subnet(YamlNode node)
        {
            string text = Text(node);
            var parts = text.Split('.');
            bool ok = parts.Length == 3;
            for (int i = 0; ok && i < 3; i++)
            {
                ok = byte.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out _);
            }

            return ok ? text : throw Error(node, $"subnet '{text}' must be three octets, e.g. 192.168.1");
        }

        private int OptionalInt(YamlMappingNode map, string key, int fallback, int min, int max) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? Int(node, min, max) : fallback;

        private int Int(YamlNode node, int min, int max)
        {
            string text = Text(node);
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            {
                throw Error(node, $"'{text}' is not a whole number");
            }

            if (value < min || value > max)
            {
                throw Error(node, $"{value} is out of range ({min} to {max})");
            }

            return value;
        }

        private bool Bool(YamlNode node) => Text(node) switch
        {
            "true" or "yes" => true,
            "false" or "no" => false,
            var other => throw Error(node, $"'{other}' is not true or false"),
        };

        private string Text(YamlNode node) => node is YamlScalarNode s ? s.Value ?? string.Empty : throw Error(node, "expected a single value here");

        private YamlNode Required(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : throw Error(map, $"missing '{key}'");

        private YamlMappingNode Map(YamlNode node, string what) => node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping of key: value");

        private RadioEnvironmentException Error(YamlNode node, string problem) => new RadioEnvironmentException(_source, (int)node.Start.Line, problem);
    }
}
