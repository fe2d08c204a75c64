using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Accessory.Simulator.Yaml;

/// <summary>
/// The checks every strict YAML loader makes on its node tree (known keys, required fields, mappings, whole numbers),
/// each failing at the offending node's line through the loader's own exception type, so a caller can still catch
/// the kind of file that was wrong.
/// </summary>
public class YamlNodeReader
{
    private readonly Func<string, int, string, Exception?, YamlFileException> _fail;

    /// <param name="fail">Builds the loader's exception from source, line, problem and cause.</param>
    public YamlNodeReader(string source, Func<string, int, string, Exception?, YamlFileException> fail)
    {
        Source = source;
        _fail = fail;
    }

    /// <summary>The file being read; relative paths inside it are resolved against its folder.</summary>
    public string Source { get; }

    public static YamlNode? Optional(YamlMappingNode map, string key)
    {
        ArgumentNullException.ThrowIfNull(map);
        return map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;
    }

    public YamlFileException Error(YamlNode node, string problem)
    {
        ArgumentNullException.ThrowIfNull(node);
        return _fail(Source, (int)node.Start.Line, problem, null);
    }

    public void Keys(YamlMappingNode map, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(map);
        foreach (var key in map.Children.Keys)
        {
            string name = key is YamlScalarNode s ? s.Value ?? string.Empty : "?";
            if (!allowed.Contains(name))
            {
                throw Error(key, $"unknown key '{name}'; expected one of: {string.Join(", ", allowed)}");
            }
        }
    }

    public YamlNode Required(YamlMappingNode map, string key)
    {
        ArgumentNullException.ThrowIfNull(map);
        return map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : throw Error(map, $"missing '{key}'");
    }

    public YamlMappingNode Map(YamlNode node, string what) => node as YamlMappingNode ?? throw Error(node, $"'{what}' must be a mapping (key: value lines)");

    public int WholeNumber(YamlNode node, int min, int max)
    {
        if (node is YamlScalarNode { Value: { } v } && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max)
        {
            return n;
        }

        throw Error(node, $"expected a whole number from {min} to {max}");
    }
}
