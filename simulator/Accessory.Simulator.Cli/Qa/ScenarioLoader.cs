using System.Globalization;
using System.Text;
using Accessory.Simulator.Faults;
using Accessory.Simulator.Yaml;
using YamlDotNet.RepresentationModel;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>
/// Reads a scenario file by walking the YAML node tree, so every unknown key, wrong type or missing field is
/// reported as `file:line` before anything starts.
/// </summary>
public static class ScenarioLoader
{
    public static readonly IReadOnlyList<string> StepKinds =
        ["provision", "scan", "discover", "api", "tls", "websocket", "mqtt", "mqtt_command", "telemetry", "fault", "button", "ap_loss", "broker_outage", "reboot", "factory_reset", "wait", "sleep", "repeat"];

    private static readonly string[] ProvisioningOutcomes = ["Connected", "AuthError", "NetworkNotFound", "SessionRefused", "TransportError", "Timeout"];

    private static readonly string[] ImprovOutcomes = ["Connected", "UnableToConnect", "NotAuthorized", "InvalidRpc", "UnknownRpc", "TransportError", "Timeout"];

    public static Scenario Load(string path) => Parse(File.ReadAllText(path), path);

    public static Scenario Parse(string yaml, string path)
    {
        var root = YamlRootMapping.Load(yaml, path, "'name', 'device' and 'steps'", (s, l, p, e) => new ScenarioFileException(s, l, p, e));
        var r = new Reader(path);
        r.Keys(root, "name", "description", "device", "matrix", "steps");
        var device = root.Children.TryGetValue(new YamlScalarNode("device"), out var deviceNode) ? r.Device(deviceNode) : new DeviceSpec();
        var steps = r.Steps(r.Required(root, "steps"), topLevel: true);
        var cells = root.Children.TryGetValue(new YamlScalarNode("matrix"), out var matrixNode) ? r.Matrix(matrixNode) : [new MatrixCell(null, null)];
        return new Scenario
        {
            Path = path,
            Name = r.Text(r.Required(root, "name")),
            Description = root.Children.TryGetValue(new YamlScalarNode("description"), out var d) ? r.Text(d) : null,
            Device = device,
            Steps = steps,
            Cells = cells,
        };
    }

    private sealed class Reader(string source) : YamlNodeReader(source, (s, l, p, e) => new ScenarioFileException(s, l, p, e))
    {
        public string Text(YamlNode node) => node is YamlScalarNode { Value: { } v } ? v : throw Error(node, "expected a text value");

        public bool Bool(YamlNode node) => node is YamlScalarNode { Value: "true" or "false" } s
            ? s.Value == "true"
            : throw Error(node, "expected true or false");

        public TimeSpan Duration(YamlNode node)
        {
            string text = Text(node).Trim();
            double factor = text.EndsWith("ms", StringComparison.Ordinal) ? 1 : text.EndsWith('s') ? 1000 : text.EndsWith('m') ? 60_000 : -1;
            string number = factor == 1 ? text[..^2] : factor > 0 ? text[..^1] : text;
            if (factor < 0 || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0 || value > 3600_000)
            {
                throw Error(node, $"'{text}' is not a duration; write 500ms, 2s or 1m");
            }

            return TimeSpan.FromMilliseconds(value * factor);
        }

        public List<string> List(YamlNode node) => node is YamlSequenceNode seq
            ? seq.Children.Select(Text).ToList()
            : throw Error(node, "expected a list, such as [a, b]");

        public Dictionary<string, string> Pairs(YamlNode node, string what)
        {
            var map = Map(node, what);
            return map.Children.ToDictionary(p => Text(p.Key), p => Text(p.Value), StringComparer.Ordinal);
        }

        public FaultSpec Fault(YamlNode node)
        {
            try
            {
                return FaultSpec.Parse(Text(node));
            }
            catch (FaultSpecException e)
            {
                throw Error(node, e.Message);
            }
        }

        public DeviceSpec Device(YamlNode node)
        {
            var map = Map(node, "device");
            Keys(map, "name", "security", "pop", "username", "password", "environment", "timing", "faults", "ble", "improv_authorization", "cloud", "broker", "mqtt_queue", "telemetry", "api", "prov_autostop");
            var device = new DeviceSpec();
            if (Optional(map, "name") is { } deviceName) device.Name = Label(deviceName);
            if (Optional(map, "security") is { } sec) device.Security = WholeNumber(sec, 0, 2);
            if (Optional(map, "pop") is { } pop) device.Pop = Text(pop);
            if (Optional(map, "username") is { } user) device.Username = Text(user);
            if (Optional(map, "password") is { } pw) device.Password = Text(pw);
            if (Optional(map, "environment") is { } env)
            {
                string file = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Source)) ?? ".", Text(env));
                if (!File.Exists(file))
                {
                    throw Error(env, $"radio environment file '{Text(env)}' not found (looked for {file})");
                }

                device.EnvironmentFile = file;
            }

            if (Optional(map, "timing") is { } timing)
            {
                device.Timing = Text(timing) is "fast" or "realistic" ? Text(timing) : throw Error(timing, "timing must be 'fast' or 'realistic'");
            }

            if (Optional(map, "faults") is { } faults)
            {
                var seq = faults as YamlSequenceNode ?? throw Error(faults, "'faults' must be a list of fault specs such as [\"tls.resumption:enabled=false\"]");
                device.Faults.AddRange(seq.Children.Select(Fault));
            }

            if (Optional(map, "ble") is { } ble) device.Ble = Bool(ble);
            if (Optional(map, "improv_authorization") is { } auth) device.ImprovAuthorization = Bool(auth);
            if (Optional(map, "cloud") is { } cloud) device.Cloud = Bool(cloud);
            if (Optional(map, "broker") is { } broker) device.Broker = Text(broker) is "embedded" or "mosquitto" ? Text(broker) : throw Error(broker, "broker must be 'embedded' (the simulator's own) or 'mosquitto' (Debian's, started by the runner)");
            if (Optional(map, "mqtt_queue") is { } queue) device.MqttQueue = WholeNumber(queue, 1, 10_000);
            if (Optional(map, "telemetry") is { } telemetry)
            {
                device.Telemetry = Duration(telemetry);
                if (device.Telemetry < TimeSpan.FromMilliseconds(20))
                {
                    throw Error(telemetry, "telemetry interval must be at least 20ms");
                }
            }

            if (Optional(map, "api") is { } api) device.Api = Bool(api);
            if (Optional(map, "prov_autostop") is { } stop) device.AutoStopSeconds = (int)Duration(stop).TotalSeconds;
            if (device.AutoStopSeconds < 5)
            {
                throw Error(map, "prov_autostop must be at least 5s, as in ESP-IDF");
            }

            return device;
        }

        public List<MatrixCell> Matrix(YamlNode node)
        {
            var map = Map(node, "matrix");
            Keys(map, "security", "transport");
            var securities = Optional(map, "security") is YamlNode s
                ? (s as YamlSequenceNode ?? throw Error(s, "matrix 'security' must be a list such as [0, 1, 2]")).Children.Select(c => (int?)WholeNumber(c, 0, 2)).ToList()
                : [null];
            var transports = Optional(map, "transport") is YamlNode t
                ? List(t).Select(x => x is "softap" or "ble" ? (string?)x : throw Error(t, $"matrix transport '{x}' must be softap or ble")).ToList()
                : [null];
            return securities.SelectMany(sec => transports.Select(tr => new MatrixCell(sec, tr))).ToList();
        }

        public List<StepSpec> Steps(YamlNode node, bool topLevel)
        {
            var seq = node as YamlSequenceNode ?? throw Error(node, "'steps' must be a list of steps (each line starting with '- ')");
            if (seq.Children.Count == 0)
            {
                throw Error(node, "'steps' is empty");
            }

            return seq.Children.Select(n => Step(n, topLevel)).ToList();
        }

        private StepSpec Step(YamlNode node, bool topLevel)
        {
            var map = Map(node, "step");
            var kinds = map.Children.Keys.OfType<YamlScalarNode>().Where(k => StepKinds.Contains(k.Value)).ToList();
            if (kinds.Count != 1)
            {
                throw Error(map, kinds.Count == 0
                    ? $"a step needs exactly one action: {string.Join(", ", StepKinds)}"
                    : $"a step has one action, this one has {string.Join(" and ", kinds.Select(k => k.Value))}");
            }

            string kind = kinds[0].Value!;
            if (kind == "repeat" && !topLevel)
            {
                throw Error(kinds[0], "repeat cannot be nested");
            }

            var keys = new List<string> { kind, "name", "timeout" };
            Keys(map, keys.ToArray());
            var step = new StepSpec { Kind = kind, Line = (int)map.Start.Line };
            if (Optional(map, "name") is { } name) step.Name = Text(name);
            if (Optional(map, "timeout") is { } timeout) step.Timeout = Duration(timeout);
            var args = map.Children[new YamlScalarNode(kind)];
            var a = args is YamlScalarNode { Value: null or "" } ? new YamlMappingNode() : args as YamlMappingNode;
            switch (kind)
            {
                case "provision":
                    a ??= Map(args, kind);
                    Keys(a, "transport", "ssid", "ssid_hex", "passphrase", "pop", "username", "password", "expect");
                    step.Transport = Optional(a, "transport") is { } tr ? (Text(tr) is "softap" or "ble" or "improv" ? Text(tr) : throw Error(tr, "transport must be softap, ble or improv")) : null;
                    step.Ssid = Optional(a, "ssid_hex") is { } hex ? Hex(hex) : Encoding.UTF8.GetBytes(Text(Required(a, "ssid")));
                    step.Passphrase = Optional(a, "passphrase") is { } p ? Text(p) : string.Empty;
                    step.Pop = Optional(a, "pop") is { } pop ? Text(pop) : null;
                    step.Username = Optional(a, "username") is { } u ? Text(u) : null;
                    step.Password = Optional(a, "password") is { } pw ? Text(pw) : null;
                    step.Expect = Optional(a, "expect") is { } ex ? Text(ex) : "Connected";
                    string[] words = step.Transport == "improv" ? ImprovOutcomes : ProvisioningOutcomes;
                    if (!words.Contains(step.Expect))
                    {
                        throw Error(Optional(a, "expect") ?? a, $"expect '{step.Expect}' is not an outcome of {step.Transport ?? "softap/ble"} provisioning: {string.Join(", ", words)}");
                    }

                    step.Summary = $"{(step.Transport == null ? "" : step.Transport + " ")}\"{Encoding.UTF8.GetString(step.Ssid)}\" expect {step.Expect}";
                    break;
                case "scan":
                    a ??= Map(args, kind);
                    Keys(a, "present", "absent");
                    if (Optional(a, "present") is { } present) step.Present.AddRange(List(present));
                    if (Optional(a, "absent") is { } absent) step.Absent.AddRange(List(absent));
                    step.Summary = $"present [{string.Join(", ", step.Present)}] absent [{string.Join(", ", step.Absent)}]";
                    break;
                case "discover":
                    a ??= Map(args, kind);
                    Keys(a, "service", "instance", "host", "txt", "expect", "within");
                    if (Optional(a, "service") is { } service)
                    {
                        step.Service = Text(service).TrimEnd('.');
                        if (!System.Text.RegularExpressions.Regex.IsMatch(step.Service, "^_[a-z0-9-]{1,15}\\._(tcp|udp)$"))
                        {
                            throw Error(service, $"service '{Text(service)}' is not a DNS-SD service type such as _accessory._tcp");
                        }
                    }

                    if (Optional(a, "instance") is { } instance) step.Instance = Label(instance);
                    if (Optional(a, "host") is { } host) step.Host = Text(host);
                    if (Optional(a, "txt") is { } txt) Add(step.ExpectTxt, Pairs(txt, "txt"));
                    if (Optional(a, "expect") is { } found)
                    {
                        step.ExpectAbsent = Text(found) switch { "found" => false, "absent" => true, _ => throw Error(found, "discover expect must be 'found' (the default) or 'absent' (no answer within 'within')") };
                    }

                    step.Duration = Optional(a, "within") is { } within ? Duration(within) : TimeSpan.FromSeconds(4);
                    if (Optional(a, "within") is { } w && !step.ExpectAbsent)
                    {
                        throw Error(w, "'within' is the silence window of expect: absent; a found expectation waits up to the step's timeout");
                    }

                    if (step.ExpectAbsent && (step.Host != null || step.ExpectTxt.Count > 0))
                    {
                        throw Error(a, "expect: absent takes no host or txt expectations");
                    }

                    step.Summary = $"{step.Service} {step.Instance ?? "(the device)"} expect {(step.ExpectAbsent ? "absent" : "found")}"
                        + (step.Host != null ? " host " + step.Host : "") + string.Concat(step.ExpectTxt.Select(p => $" {p.Key}={p.Value}"));
                    break;
                case "api":
                    a ??= Map(args, kind);
                    Keys(a, "method", "path", "body", "headers", "expect_status", "expect_json", "expect_headers", "expect_no_headers", "expect_error", "tls_trust", "connection");
                    if (Optional(a, "connection") is { } conn) step.Pooled = Text(conn) switch { "new" => false, "pooled" => true, _ => throw Error(conn, "connection must be 'new' (the default) or 'pooled' (one kept-alive connection for the scenario)") };
                    if (Optional(a, "tls_trust") is { } trust) step.TrustAny = Text(trust) switch { "pinned" => false, "any" => true, _ => throw Error(trust, "tls_trust must be 'pinned' (the device certificate, the default) or 'any'") };
                    if (Optional(a, "method") is { } m) step.Method = Text(m).ToUpperInvariant();
                    if (Optional(a, "path") is { } path) step.Path = Text(path).StartsWith('/') ? Text(path) : throw Error(path, "path must start with '/'");
                    if (Optional(a, "body") is { } body) step.Body = Text(body);
                    if (Optional(a, "headers") is { } h) Add(step.RequestHeaders, Pairs(h, "headers"));
                    if (Optional(a, "expect_status") is { } st) step.ExpectStatus = WholeNumber(st, 100, 599);
                    if (Optional(a, "expect_json") is { } js) Add(step.ExpectJson, Pairs(js, "expect_json"));
                    if (Optional(a, "expect_headers") is { } eh) Add(step.ExpectHeaders, Pairs(eh, "expect_headers"));
                    if (Optional(a, "expect_no_headers") is { } nh) step.ExpectNoHeaders.AddRange(List(nh));
                    if (Optional(a, "expect_error") is { } ee) step.ExpectError = Text(ee);
                    step.Summary = $"{step.Method} {step.Path}";
                    break;
                case "tls":
                    a ??= Map(args, kind);
                    Keys(a, "version", "expect_close_notify", "expect_resumption");
                    if (Optional(a, "version") is { } ver) step.TlsVersion = Text(ver) is "1.2" or "1.3" ? Text(ver) : throw Error(ver, "version must be 1.2 or 1.3");
                    if (Optional(a, "expect_close_notify") is { } cn) step.ExpectCloseNotify = Bool(cn);
                    if (Optional(a, "expect_resumption") is { } res) step.ExpectResumption = Bool(res);
                    if (step.ExpectCloseNotify == null && step.ExpectResumption == null)
                    {
                        throw Error(a, "a tls step needs expect_close_notify or expect_resumption");
                    }

                    step.Summary = $"{step.TlsVersion ?? "1.2"}" + (step.ExpectCloseNotify is bool c ? $" close_notify {c.ToString().ToLowerInvariant()}" : "") + (step.ExpectResumption is bool r ? $" resumption {r.ToString().ToLowerInvariant()}" : "");
                    break;
                case "websocket":
                    a ??= Map(args, kind);
                    Keys(a, "path", "during", "expect_events", "expect_close");
                    step.Path = Optional(a, "path") is { } wp ? Text(wp) : "/api/v1/events";
                    step.ExpectClose = Optional(a, "expect_close") is { } close ? Text(close) : null;
                    if (step.ExpectClose != null && step.ExpectClose != "none" && !int.TryParse(step.ExpectClose, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                    {
                        throw Error(Optional(a, "expect_close")!, "expect_close must be 'none' (connection dropped without a close frame) or a close code such as 1001");
                    }

                    if (Optional(a, "expect_events") is { } events)
                    {
                        var list = events as YamlSequenceNode ?? throw Error(events, "expect_events must be a list of field maps, such as [{type: state, state.on: \"true\"}]");
                        step.ExpectEvents.AddRange(list.Children.Select(e => Pairs(e, "an expected event")));
                    }

                    if (Optional(a, "during") is { } during)
                    {
                        var d = Map(during, "during");
                        Keys(d, "method", "path", "body", "expect_status");
                        var request = new StepSpec { Kind = "api", Line = (int)d.Start.Line };
                        if (Optional(d, "method") is { } m2) request.Method = Text(m2).ToUpperInvariant();
                        request.Path = Text(Required(d, "path")).StartsWith('/') ? Text(Required(d, "path")) : throw Error(Required(d, "path"), "path must start with '/'");
                        if (Optional(d, "body") is { } b2) request.Body = Text(b2);
                        if (Optional(d, "expect_status") is { } s2) request.ExpectStatus = WholeNumber(s2, 100, 599);
                        request.Summary = $"{request.Method} {request.Path}";
                        step.Steps.Add(request);
                    }

                    if (step.ExpectClose == null && step.ExpectEvents.Count == 0)
                    {
                        throw Error(a, "a websocket step needs expect_events, expect_close or both");
                    }

                    step.Summary = step.Path + (step.ExpectEvents.Count > 0 ? $" expect {step.ExpectEvents.Count} event(s)" : "") + (step.ExpectClose != null ? $" expect close {step.ExpectClose}" : "");
                    break;
                case "mqtt":
                    a ??= Map(args, kind);
                    Keys(a, "topic", "expect");
                    step.Topic = Text(Required(a, "topic"));
                    step.ExpectPayload = Text(Required(a, "expect"));
                    step.Summary = $"{step.Topic} expect \"{step.ExpectPayload}\"";
                    break;
                case "mqtt_command":
                    a ??= Map(args, kind);
                    Keys(a, "name", "payload", "expect");
                    step.Topic = Text(Required(a, "name"));
                    step.Body = Optional(a, "payload") is { } payload ? Text(payload) : null;
                    step.ExpectPayload = Optional(a, "expect") is { } result ? Text(result) : "\"ok\":true";
                    step.Summary = $"{step.Topic} expect {step.ExpectPayload}";
                    break;
                case "telemetry":
                    a ??= Map(args, kind);
                    Keys(a, "watch", "at_least", "max_missing");
                    if (Optional(a, "watch") is { } watch) step.Watch = Bool(watch);
                    if (Optional(a, "at_least") is { } least) step.Count = WholeNumber(least, 1, 100_000);
                    if (Optional(a, "max_missing") is { } most) step.MaxMissing = WholeNumber(most, 0, 100_000);
                    if (step.Watch == (Optional(a, "at_least") != null))
                    {
                        throw Error(a, "a telemetry step either starts the count (watch: true) or checks it (at_least: N, max_missing: M)");
                    }

                    step.Summary = step.Watch ? "watch" : $"at least {step.Count} samples, at most {step.MaxMissing} missing";
                    break;
                case "fault":
                    a ??= Map(args, kind);
                    Keys(a, "set", "clear");
                    if (Optional(a, "set") is { } set) step.FaultSet = Fault(set);
                    if (Optional(a, "clear") is { } clear) step.FaultClear = Text(clear);
                    if ((step.FaultSet == null) == (step.FaultClear == null))
                    {
                        throw Error(a, "a fault step has either 'set: NAME:PARAM=VALUE' or 'clear: NAME'");
                    }

                    if (step.FaultClear != null && step.FaultClear != "all" && !FaultCatalogue.TryGet(step.FaultClear, out _))
                    {
                        throw Error(a, $"unknown fault '{step.FaultClear}'; known: {string.Join(", ", FaultCatalogue.Names)}");
                    }

                    step.Summary = step.FaultSet != null ? "set " + step.FaultSet : "clear " + step.FaultClear;
                    break;
                case "button":
                    a ??= Map(args, kind);
                    Keys(a, "press", "hold");
                    if (Optional(a, "press") is { } press && Text(press) != "short")
                    {
                        throw Error(press, "press must be 'short' (a tap under 2 s); for a long press write hold: 10s");
                    }

                    step.Duration = Optional(a, "hold") is { } hold ? Duration(hold) : TimeSpan.FromMilliseconds(100);
                    if ((Optional(a, "press") == null) == (Optional(a, "hold") == null))
                    {
                        throw Error(a, "a button step has either 'press: short' or 'hold: DURATION'");
                    }

                    step.Summary = Optional(a, "hold") != null ? $"hold {step.Duration.TotalSeconds:0.###} s" : "press short";
                    if (step.Timeout < step.Duration + TimeSpan.FromSeconds(5))
                    {
                        step.Timeout = step.Duration + TimeSpan.FromSeconds(5);
                    }

                    break;
                case "ap_loss":
                case "broker_outage":
                case "sleep":
                    a ??= Map(args, kind);
                    Keys(a, "duration");
                    step.Duration = Duration(Required(a, "duration"));
                    step.Summary = step.Duration.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms";
                    break;
                case "reboot":
                case "factory_reset":
                    a ??= Map(args, kind);
                    Keys(a);
                    break;
                case "wait":
                    a ??= Map(args, kind);
                    Keys(a, "state");
                    step.State = Text(Required(a, "state"));
                    if (step.State is not ("unprovisioned" or "provisioning" or "connecting" or "online"))
                    {
                        throw Error(a, $"state '{step.State}' is not a lifecycle state: unprovisioned, provisioning, connecting, online");
                    }

                    step.Summary = step.State;
                    break;
                case "repeat":
                    a ??= Map(args, kind);
                    Keys(a, "count", "p95_ms", "steps");
                    step.Count = WholeNumber(Required(a, "count"), 1, 1000);
                    if (Optional(a, "p95_ms") is { } p95) step.P95Milliseconds = WholeNumber(p95, 1, 600_000);
                    step.Steps.AddRange(Steps(Required(a, "steps"), topLevel: false));
                    step.Summary = $"x{step.Count}" + (step.P95Milliseconds is double b ? $" p95 <= {b} ms" : string.Empty);
                    break;
            }

            return step;
        }

        // An mDNS instance/host label: what a device name may be (the simulator's own check says the same).
        private string Label(YamlNode node)
        {
            string text = Text(node);
            return text.Length is > 0 and <= 63 && !text.Contains('.', StringComparison.Ordinal)
                ? text
                : throw Error(node, $"'{text}' is not a device/instance name (1 to 63 characters, no dots)");
        }

        private byte[] Hex(YamlNode node)
        {
            try
            {
                return Convert.FromHexString(Text(node).Replace(" ", string.Empty, StringComparison.Ordinal));
            }
            catch (FormatException)
            {
                throw Error(node, "ssid_hex must be hex digits such as \"4e 65 74 80\"");
            }
        }

        private static void Add(Dictionary<string, string> target, Dictionary<string, string> values)
        {
            foreach (var (k, v) in values)
            {
                target[k] = v;
            }
        }
    }
}
