using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Accessory.Simulator.Yaml;

/// <summary>
/// Loads a file that must be one YAML document holding a mapping. The loaders walk the node tree themselves rather
/// than deserializing, so every later error can point at the line of the offending value.
/// </summary>
public static class YamlRootMapping
{
    /// <param name="expectation">Says what the mapping should hold, for the error when it is not a mapping.</param>
    /// <param name="fail">Builds the caller's exception from source, line, problem and cause.</param>
    public static YamlMappingNode Load(string yaml, string sourceName, string expectation, Func<string, int, string, Exception?, YamlFileException> fail)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(yaml);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw fail(sourceName, (int)e.Start.Line, "not valid YAML: " + e.Message, e);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw fail(sourceName, 1, "expected one YAML document holding a mapping with " + expectation, null);
        }

        return root;
    }
}
