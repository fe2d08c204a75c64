using Accessory.Simulator.Yaml;
using YamlDotNet.RepresentationModel;

namespace Accessory.Simulator.Faults;

/// <summary>
/// Reads a scenario file: the faults active from start. Each entry is a spec string or a mapping with `name` and
/// the parameters. Walks the node tree so every error points at a line.
/// </summary>
public static class FaultScenarioLoader
{
    /// <exception cref="FaultScenarioException">Not readable as a scenario; names the file, line and problem.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<FaultSpec> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <exception cref="FaultScenarioException">Not readable as a scenario; names the source, line and problem.</exception>
    public static IReadOnlyList<FaultSpec> Parse(string yaml, string sourceName)
    {
        var root = YamlRootMapping.Load(yaml, sourceName, "'faults:' (a list of fault specs)", (source, line, problem, cause) => new FaultScenarioException(source, line, problem, cause));

        foreach (var key in root.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: "faults" })
            {
                throw new FaultScenarioException(sourceName, (int)key.Start.Line, $"unknown key '{(key as YamlScalarNode)?.Value}' (expected: faults)");
            }
        }

        if (!root.Children.TryGetValue(new YamlScalarNode("faults"), out var faultsNode))
        {
            throw new FaultScenarioException(sourceName, (int)root.Start.Line, "missing 'faults:' (a list of fault specs)");
        }

        if (faultsNode is not YamlSequenceNode list)
        {
            throw new FaultScenarioException(sourceName, (int)faultsNode.Start.Line, "'faults' must be a list: each item a spec such as '- http.delay:ms=500' or a mapping with 'name:' and parameters");
        }

        var specs = new List<FaultSpec>();
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in list.Children)
        {
            var spec = Entry(sourceName, item);
            int line = (int)item.Start.Line;
            if (!firstLine.TryAdd(spec.Name, line))
            {
                throw new FaultScenarioException(sourceName, line, $"fault '{spec.Name}' is listed twice (first at line {firstLine[spec.Name]})");
            }

            specs.Add(spec);
        }

        return specs;
    }

    private static FaultSpec Entry(string source, YamlNode item)
    {
        switch (item)
        {
            case YamlScalarNode scalar:
                try
                {
                    return FaultSpec.Parse(scalar.Value ?? string.Empty);
                }
                catch (FaultSpecException e)
                {
                    throw new FaultScenarioException(source, (int)scalar.Start.Line, e.Message, e);
                }

            case YamlMappingNode map:
                return FromMapping(source, map);
            default:
                throw new FaultScenarioException(source, (int)item.Start.Line, "a fault must be a spec string or a mapping with 'name:' and parameters, not a list");
        }
    }

    private static FaultSpec FromMapping(string source, YamlMappingNode map)
    {
        string? name = null;
        var pairs = new List<KeyValuePair<string, string>>();
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in map.Children)
        {
            string key = (keyNode as YamlScalarNode)?.Value ?? throw new FaultScenarioException(source, (int)keyNode.Start.Line, "a parameter name must be plain text");
            string value = valueNode is YamlScalarNode { Value: var v }
                ? v ?? string.Empty
                : throw new FaultScenarioException(source, (int)valueNode.Start.Line, $"'{key}' must be a single value, not a list or mapping");
            lines[key] = (int)valueNode.Start.Line;
            if (key == "name")
            {
                name = value;
            }
            else
            {
                pairs.Add(new(key, value));
            }
        }

        if (name == null)
        {
            throw new FaultScenarioException(source, (int)map.Start.Line, "a fault written as a mapping needs 'name:' (one of: " + string.Join(", ", FaultCatalogue.Names) + ")");
        }

        try
        {
            return FaultSpec.Create(name, pairs);
        }
        catch (FaultSpecException e)
        {
            int line = e.Parameter != null && lines.TryGetValue(e.Parameter, out int l) ? l : e.Fault == null ? lines["name"] : (int)map.Start.Line;
            throw new FaultScenarioException(source, line, e.Message, e);
        }
    }
}
