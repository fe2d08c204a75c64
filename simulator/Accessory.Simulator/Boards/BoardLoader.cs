using System.Globalization;
using Accessory.Simulator.Yaml;
using YamlDotNet.RepresentationModel;

namespace Accessory.Simulator.Boards;

/// <summary>
/// Reads hardware/boards/*.yaml, the one place for a board's pins and radio. Unknown keys, missing keys and
/// out-of-range pins are errors naming the file and line, so a typo never silently falls back to a default.
/// </summary>
public static class BoardLoader
{
    private const int MaxGpio = 48;

    public static BoardDefinition Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Every board in a folder, ordered by name.</summary>
    public static IReadOnlyList<BoardDefinition> LoadAll(string directory)
    {
        return Directory.GetFiles(directory, "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(Load)
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();
    }

    public static BoardDefinition Parse(string yaml, string sourceName)
    {
        var root = YamlRootMapping.Load(yaml, sourceName, "'name', 'chip', 'radio' and 'pins'", (source, line, problem, cause) => new BoardFileException(source, line, problem, cause));
        var file = new Reader(sourceName);
        file.CheckKeys(root, "name", "chip", "nano-image", "radio", "pins", "button");
        var radio = file.Map(file.Required(root, "radio"), "radio");
        file.CheckKeys(radio, "wifi-bands", "ble", "nan");
        var pins = file.Map(file.Required(root, "pins"), "pins");
        file.CheckKeys(pins, "status-led", "status-led-active-low", "button", "button-active-low", "i2c-sda", "i2c-scl");
        var button = file.Map(file.Required(root, "button"), "button");
        file.CheckKeys(button, "factory-reset-hold-ms");
        var bands = file.Required(radio, "wifi-bands") as YamlSequenceNode
            ?? throw file.Error(radio, "'wifi-bands' must be a list such as [\"2.4GHz\"]");
        var bandNames = new List<string>();
        foreach (var band in bands.Children)
        {
            string text = file.Scalar(band, "wifi-bands entry");
            if (text is not ("2.4GHz" or "5GHz"))
            {
                throw file.Error(band, $"unknown Wi-Fi band '{text}' (2.4GHz or 5GHz)");
            }

            bandNames.Add(text);
        }

        return new BoardDefinition
        {
            Name = file.Text(root, "name"),
            Chip = file.Text(root, "chip"),
            NanoImage = file.Text(root, "nano-image"),
            WifiBands = bandNames,
            BleVersion = file.Text(radio, "ble"),
            Nan = file.Boolean(radio, "nan"),
            StatusLedPin = file.Int(pins, "status-led", 0, MaxGpio),
            StatusLedActiveLow = file.Boolean(pins, "status-led-active-low"),
            ButtonPin = file.Int(pins, "button", 0, MaxGpio),
            ButtonActiveLow = file.Boolean(pins, "button-active-low"),
            I2cSda = file.Int(pins, "i2c-sda", 0, MaxGpio),
            I2cScl = file.Int(pins, "i2c-scl", 0, MaxGpio),
            FactoryResetHoldMilliseconds = file.Int(button, "factory-reset-hold-ms", 1000, 60_000),
        };
    }

    private sealed class Reader
    {
        private readonly string _source;

        public Reader(string source)
        {
            _source = source;
        }

        public BoardFileException Error(YamlNode node, string problem) => new(_source, (int)node.Start.Line, problem, null);

        public void CheckKeys(YamlMappingNode map, params string[] allowed)
        {
            foreach (var key in map.Children.Keys)
            {
                string name = key is YamlScalarNode s ? s.Value ?? string.Empty : string.Empty;
                if (!allowed.Contains(name))
                {
                    throw Error(key, $"unknown key '{name}' (allowed: {string.Join(", ", allowed)})");
                }
            }
        }

        public YamlNode Required(YamlMappingNode map, string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                throw Error(map, $"missing '{key}'");
            }

            return node;
        }

        public YamlMappingNode Map(YamlNode node, string what) => node as YamlMappingNode ?? throw Error(node, $"'{what}' must be a mapping");

        public string Scalar(YamlNode node, string what)
        {
            if (node is not YamlScalarNode scalar || string.IsNullOrEmpty(scalar.Value))
            {
                throw Error(node, $"'{what}' must be a non-empty value");
            }

            return scalar.Value;
        }

        public string Text(YamlMappingNode map, string key) => Scalar(Required(map, key), key);

        public bool Boolean(YamlMappingNode map, string key)
        {
            var node = Required(map, key);
            return Scalar(node, key) switch
            {
                "true" => true,
                "false" => false,
                var other => throw Error(node, $"'{key}' must be true or false, not '{other}'"),
            };
        }

        public int Int(YamlMappingNode map, string key, int min, int max)
        {
            var node = Required(map, key);
            string text = Scalar(node, key);
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
            {
                throw Error(node, $"'{key}' must be a whole number {min}..{max}, not '{text}'");
            }

            return value;
        }
    }
}
