using System.Globalization;
using Accessory.Simulator.Yaml;
using YamlDotNet.RepresentationModel;

namespace Accessory.Simulator.Fleet;

/// <summary>
/// Reads a fleet file by walking the YAML node tree, so an unknown key, a wrong type or a value out of range is
/// reported as `file:line` before any device starts.
/// </summary>
public static class FleetFileLoader
{
    public static FleetSpec Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FleetFileException(path, 0, "cannot read the fleet file: " + e.Message, e);
        }

        var spec = Parse(text, path);
        FleetProvisioningReader.CheckSecretsPrivate(path, text, spec);
        return spec;
    }

    public static FleetSpec Parse(string yaml, string source)
    {
        var root = YamlRootMapping.Load(yaml, source, "'groups' (and optionally 'name', 'broker', 'duration', 'start_rate')", (s, l, p, e) => new FleetFileException(s, l, p, e));
        var r = new Reader(source);
        r.Keys(root, "name", "broker", "broker_ca", "duration", "start_rate", "mdns", "groups");
        var groupsNode = r.Required(root, "groups") as YamlSequenceNode ?? throw r.Error(r.Required(root, "groups"), "'groups' must be a list of groups (each starting with '- ')");
        if (groupsNode.Children.Count == 0)
        {
            throw r.Error(groupsNode, "'groups' is empty; a fleet needs at least one group");
        }

        var groups = new List<FleetGroup>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        int total = 0;
        foreach (var node in groupsNode.Children)
        {
            var group = r.Group(node, groups.Count);
            if (!names.Add(group.Name))
            {
                throw r.Error(node, $"group name '{group.Name}' is used twice");
            }

            FleetProvisioningReader.CheckPorts(r, node, group, groups);
            FleetLocalApiReader.CheckProvisioningAgainstApis(r, node, group, groups);
            FleetLocalApiReader.CheckPorts(r, node, group, groups);

            total += group.Count;
            if (total > FleetSpec.MaxDevices)
            {
                throw r.Error(node, $"the groups add up to more than {FleetSpec.MaxDevices} devices, the most one process runs; split the fleet across processes");
            }

            groups.Add(group);
        }

        var duration = Reader.Optional(root, "duration") is { } d ? r.Duration(d, TimeSpan.FromSeconds(1), FleetSpec.MaxDuration) : (TimeSpan?)null;
        return new FleetSpec
        {
            Name = Reader.Optional(root, "name") is { } n ? r.Text(n) : Path.GetFileNameWithoutExtension(source),
            Broker = Reader.Optional(root, "broker") is { } b ? r.Text(b) : null,
            BrokerCa = Reader.Optional(root, "broker_ca") is { } ca ? r.ExistingFile(ca, "broker_ca") : null,
            Duration = duration,
            StartRate = Reader.Optional(root, "start_rate") is { } sr ? r.WholeNumber(sr, 0, 1_000_000) : 2000,
            Groups = groups,
            Mdns = Reader.Optional(root, "mdns") is { } md ? FleetMdnsSpec.Read(r, md) : null,
        };
    }

    private sealed class Reader(string source) : YamlNodeReader(source, (s, l, p, e) => new FleetFileException(s, l, p, e))
    {
        // Unlike a scenario's, every text in a fleet file names something, so an empty value is an error here.
        public string Text(YamlNode node) => node is YamlScalarNode { Value: { Length: > 0 } v } ? v : throw Error(node, "expected a text value");

        /// <summary>A file named in the fleet file: relative to the fleet file's folder, and it must exist.</summary>
        public string ExistingFile(YamlNode node, string what)
        {
            string path = Path.GetFullPath(Text(node), Path.GetDirectoryName(Path.GetFullPath(Source)) ?? ".");
            return File.Exists(path) ? path : throw Error(node, $"{what}: {path} does not exist");
        }

        /// <summary>"10%" or a fraction such as 0.1; both mean one in ten.</summary>
        public double Share(YamlNode node, double max)
        {
            string text = Text(node).Trim();
            bool percent = text.EndsWith('%');
            string number = percent ? text[..^1] : text;
            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                value = percent ? value / 100 : value;
                if (value >= 0 && value <= max)
                {
                    return value;
                }
            }

            throw Error(node, $"'{text}' is not a share; write a percentage such as 10% (0% to {max * 100:0}%)");
        }

        public TimeSpan Duration(YamlNode node, TimeSpan min, TimeSpan max)
        {
            string text = Text(node).Trim();
            double factor = text.EndsWith("ms", StringComparison.Ordinal) ? 1
                : text.EndsWith('s') ? 1000
                : text.EndsWith("min", StringComparison.Ordinal) ? 60_000
                : text.EndsWith('m') ? 60_000
                : text.EndsWith('h') ? 3_600_000
                : -1;
            string number = factor == 1 ? text[..^2]
                : text.EndsWith("min", StringComparison.Ordinal) ? text[..^3]
                : factor > 0 ? text[..^1]
                : text;
            if (factor > 0 && double.TryParse(number.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= 0)
            {
                var span = TimeSpan.FromMilliseconds(Math.Min(value * factor, TimeSpan.MaxValue.TotalMilliseconds / 2));
                if (span >= min && span <= max)
                {
                    return span;
                }

                throw Error(node, $"'{text}' is out of range; expected {Describe(min)} to {Describe(max)}");
            }

            throw Error(node, $"'{text}' is not a duration; write 500ms, 30s, 5m or 1h");
        }

        public FleetGroup Group(YamlNode node, int position)
        {
            var map = Map(node, "group");
            Keys(map, "name", "count", "model", "firmware", "telemetry", "queue", "reconnect", "keep_alive", "faults", "provisioning", "local_api", "mdns");
            var defaults = new FleetGroup();
            var telemetry = Optional(map, "telemetry") is { } t ? Map(t, "telemetry") : null;
            if (telemetry != null)
            {
                Keys(telemetry, "every", "jitter");
            }

            var reconnect = Optional(map, "reconnect") is { } rc ? Map(rc, "reconnect") : null;
            if (reconnect != null)
            {
                Keys(reconnect, "base", "cap");
            }

            var reconnectBase = reconnect != null && Optional(reconnect, "base") is { } rb ? Duration(rb, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)) : defaults.ReconnectBase;
            var reconnectCap = reconnect != null && Optional(reconnect, "cap") is { } rcap ? Duration(rcap, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)) : defaults.ReconnectCap;
            if (reconnectCap < reconnectBase)
            {
                throw Error(reconnect!, "reconnect 'cap' must be at least 'base'");
            }

            return new FleetGroup
            {
                Name = Optional(map, "name") is { } n ? Text(n) : "group" + (position + 1).ToString(CultureInfo.InvariantCulture),
                Count = WholeNumber(Required(map, "count"), 1, FleetSpec.MaxDevices),
                Model = Optional(map, "model") is { } m ? Label(m, "model") : defaults.Model,
                FirmwareVersion = Optional(map, "firmware") is { } f ? Label(f, "firmware") : defaults.FirmwareVersion,
                TelemetryEvery = telemetry != null && Optional(telemetry, "every") is { } e ? EveryOrOff(e) : defaults.TelemetryEvery,
                TelemetryJitter = telemetry != null && Optional(telemetry, "jitter") is { } j ? Share(j, 0.9) : defaults.TelemetryJitter,
                QueueCapacity = Optional(map, "queue") is { } q ? WholeNumber(q, 1, 10_000) : defaults.QueueCapacity,
                ReconnectBase = reconnectBase,
                ReconnectCap = reconnectCap,
                KeepAlive = Optional(map, "keep_alive") is { } k ? Duration(k, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(18)) : defaults.KeepAlive,
                Faults = Optional(map, "faults") is { } faults ? Faults(faults) : [],
                Provisioning = Optional(map, "provisioning") is { } prov ? FleetProvisioningReader.Read(this, prov) : null,
                LocalApi = Optional(map, "local_api") is { } api ? FleetLocalApiReader.Read(this, api) : null,
                Mdns = Optional(map, "mdns") is { } md ? GroupMdns(md) : null,
                MdnsOrigin = Optional(map, "mdns") is { } mdLine ? $"{Source}:{mdLine.Start.Line}" : string.Empty,
            };
        }

        // Only the words true and false: YAML 1.1's yes/no/on/off read differently across parsers, and a typo such as
        // `mdns: ture` must not quietly mean either.
        private bool GroupMdns(YamlNode node) => node switch
        {
            YamlScalarNode { Value: "true" } => true,
            YamlScalarNode { Value: "false" } => false,
            YamlMappingNode => throw Error(node, "a group's 'mdns' is true or false; the interface is set once for the whole fleet, in the top-level mdns: { interface: IF } or with --mdns-interface"),
            YamlScalarNode { Value: var v } => throw Error(node, $"a group's 'mdns' must be true (advertise its devices) or false (leave them out of mDNS), not {(string.IsNullOrEmpty(v) ? "empty" : "'" + v + "'")}"),
            _ => throw Error(node, "a group's 'mdns' must be true (advertise its devices) or false (leave them out of mDNS), not a list"),
        };

        private TimeSpan EveryOrOff(YamlNode node) => node is YamlScalarNode { Value: "off" }
            ? TimeSpan.Zero
            : Duration(node, TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(1));

        // Model and firmware end up in topics' payloads and TXT records: printable, short, no spaces.
        private string Label(YamlNode node, string what)
        {
            string text = Text(node);
            if (text.Length > 32 || text.Any(c => c <= ' ' || c > '~'))
            {
                throw Error(node, $"'{what}' must be 1-32 printable characters without spaces");
            }

            return text;
        }

        private List<FleetFault> Faults(YamlNode node)
        {
            var seq = node as YamlSequenceNode ?? throw Error(node, "'faults' must be a list, such as [{wifi_loss: {share: 10%, every: 5m, duration: 30s}}]");
            var result = new List<FleetFault>();
            foreach (var item in seq.Children)
            {
                var map = Map(item, "fault");
                if (map.Children.Count != 1)
                {
                    throw Error(item, "each fault is one of: wifi_loss, broker_outage");
                }

                var (keyNode, body) = map.Children.First();
                string kindName = Text(keyNode);
                var kind = kindName switch
                {
                    "wifi_loss" => FleetFaultKind.WifiLoss,
                    "broker_outage" => FleetFaultKind.BrokerOutage,
                    _ => throw Error(keyNode, $"unknown fault '{kindName}'; expected one of: wifi_loss, broker_outage"),
                };
                var fields = Map(body, kindName);
                Keys(fields, "share", "every", "duration");
                var every = Duration(Required(fields, "every"), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
                var duration = Duration(Required(fields, "duration"), TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
                if (duration >= every)
                {
                    throw Error(fields, $"{kindName}: 'duration' must be shorter than 'every', or the devices never come back");
                }

                result.Add(new FleetFault(kind, Share(Required(fields, "share"), 1), every, duration));
            }

            return result;
        }

        private static string Describe(TimeSpan span) => span.TotalMilliseconds < 1000
            ? span.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms"
            : span.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";
    }
}
