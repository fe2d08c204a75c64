using System.Globalization;
using System.Net;
using Accessory.Simulator.Yaml;
using YamlDotNet.RepresentationModel;

namespace Accessory.Simulator.Fleet;

/// <summary>
/// Reads a group's `local_api:` mapping of a fleet file and checks its port range against the group's size and every
/// other port range of the file (other groups' APIs, every group's provisioning), each mistake at its line.
/// </summary>
public static class FleetLocalApiReader
{
    private static readonly string[] KeyNames = ["https_port_base", "bind", "token", "token_env"];

    public static FleetLocalApi Read(YamlNodeReader r, YamlNode node)
    {
        ArgumentNullException.ThrowIfNull(r);
        var map = r.Map(node, "local_api");
        r.Keys(map, KeyNames);
        return new FleetLocalApi
        {
            HttpsPortBase = r.WholeNumber(r.Required(map, "https_port_base"), 1, 65535),
            BindAddress = YamlNodeReader.Optional(map, "bind") is { } b ? Address(r, b) : IPAddress.Loopback,
            Token = Token(r, map),
        };
    }

    /// <summary>
    /// The group's API ports must fit below 65536 and must not overlap any other range of the file: another group's
    /// API or any group's provisioning (this one's too; <paramref name="earlier"/> are the groups read before).
    /// </summary>
    public static void CheckPorts(YamlNodeReader r, YamlNode groupNode, FleetGroup group, IEnumerable<FleetGroup> earlier)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(earlier);
        if (group.LocalApi is not { } api)
        {
            return;
        }

        YamlNode at = FleetPortRange.KeyNode(groupNode, "local_api", "https_port_base");
        long last = FleetPortRange.Last(r, at, api.HttpsPortBase, group.Count, "https_port_base");

        foreach (var other in earlier.Append(group))
        {
            if (other.Provisioning is { } p && FleetPortRange.Overlaps(api.HttpsPortBase, last, p.HttpPortBase, other.Count))
            {
                throw r.Error(at, string.Create(CultureInfo.InvariantCulture,
                    $"local API ports {api.HttpsPortBase}..{last} overlap the provisioning ports of group '{other.Name}' ({p.HttpPortBase}..{p.HttpPortBase + other.Count - 1}); each needs its own port"));
            }

            if (!ReferenceEquals(other, group) && other.LocalApi is { } o && FleetPortRange.Overlaps(api.HttpsPortBase, last, o.HttpsPortBase, other.Count))
            {
                throw r.Error(at, string.Create(CultureInfo.InvariantCulture,
                    $"local API ports {api.HttpsPortBase}..{last} overlap the local API ports of group '{other.Name}' ({o.HttpsPortBase}..{o.HttpsPortBase + other.Count - 1}); each device needs its own port"));
            }
        }
    }

    /// <summary>A provisioning range read after an API range must not fall into it either.</summary>
    public static void CheckProvisioningAgainstApis(YamlNodeReader r, YamlNode groupNode, FleetGroup group, IEnumerable<FleetGroup> earlier)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(group);
        if (group.Provisioning is not { } p)
        {
            return;
        }

        YamlNode at = FleetPortRange.KeyNode(groupNode, "provisioning", "http_port_base");
        foreach (var other in earlier)
        {
            if (other.LocalApi is { } o && FleetPortRange.Overlaps(p.HttpPortBase, (long)p.HttpPortBase + group.Count - 1, o.HttpsPortBase, other.Count))
            {
                throw r.Error(at, string.Create(CultureInfo.InvariantCulture,
                    $"provisioning ports {p.HttpPortBase}..{p.HttpPortBase + group.Count - 1} overlap the local API ports of group '{other.Name}' ({o.HttpsPortBase}..{o.HttpsPortBase + other.Count - 1}); each needs its own port"));
            }
        }
    }

    /// <summary>The `token:` nodes of a file's groups (a secret kept in the file, which must then be private).</summary>
    public static IEnumerable<YamlNode> LiteralTokens(YamlSequenceNode groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        foreach (var group in groups.Children.OfType<YamlMappingNode>())
        {
            if (YamlNodeReader.Optional(group, "local_api") is YamlMappingNode api && YamlNodeReader.Optional(api, "token") is { } token)
            {
                yield return token;
            }
        }
    }


    private static string? Token(YamlNodeReader r, YamlMappingNode map)
    {
        var literal = YamlNodeReader.Optional(map, "token");
        var env = YamlNodeReader.Optional(map, "token_env");
        if (literal != null && env != null)
        {
            throw r.Error(env, "give 'token' or 'token_env', not both");
        }

        string? value;
        YamlNode at;
        if (literal != null)
        {
            at = literal;
            value = (literal as YamlScalarNode)?.Value;
        }
        else if (env != null)
        {
            at = env;
            string name = env is YamlScalarNode { Value: { Length: > 0 } n } ? n : throw r.Error(env, "'token_env' names an environment variable");
            value = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrEmpty(value))
            {
                throw r.Error(env, $"token_env: the environment variable {name} is not set (or empty)");
            }
        }
        else
        {
            return null;
        }

        // Never echo the value: the message names the key only.
        return value is { Length: Accessory.Core.LocalApi.AccessToken.Length } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'))
            ? value
            : throw r.Error(at, $"the access token ({(literal != null ? "token" : "token_env")}) must be {Accessory.Core.LocalApi.AccessToken.Length} lowercase hex digits (128 bits), e.g. from `openssl rand -hex 16`");
    }

    private static IPAddress Address(YamlNodeReader r, YamlNode node) =>
        node is YamlScalarNode { Value: { } v } && IPAddress.TryParse(v, out var address) && v.Contains('.', StringComparison.Ordinal)
            ? address
            : throw r.Error(node, "'bind' must be an IPv4 address such as 127.0.0.1 (the default) or 0.0.0.0 for phones on the LAN");
}
