using YamlDotNet.RepresentationModel;

namespace Accessory.Simulator.Fleet;

/// <summary>The fleet file's `mdns: { interface: IF }`: advertise every device on that interface.</summary>
public sealed class FleetMdnsSpec
{
    public required string Interface { get; init; }

    /// <summary>Where the interface was named ("lab.yaml:4"), for errors found when the fleet starts.</summary>
    public string Origin { get; init; } = string.Empty;

    /// <summary>Reads the `mdns` mapping; every mistake names its line.</summary>
    internal static FleetMdnsSpec Read(Yaml.YamlNodeReader reader, YamlNode node)
    {
        var map = reader.Map(node, "mdns");
        reader.Keys(map, "interface");
        var name = reader.Required(map, "interface");

        // Linux interface names: 1-15 bytes, no '/', ':' or white space.
        if (name is not YamlScalarNode { Value: { Length: > 0 and <= 15 } text } || text.Any(c => c <= ' ' || c > '~' || c is '/' or ':'))
        {
            throw reader.Error(name, "mdns 'interface' must be a network interface name such as eth0 (1-15 characters, no spaces, '/' or ':')");
        }

        return new FleetMdnsSpec { Interface = text, Origin = $"{reader.Source}:{name.Start.Line}" };
    }
}
