using System.Globalization;
using System.Net;
using Accessory.Simulator.Yaml;
using YamlDotNet.RepresentationModel;

namespace Accessory.Simulator.Fleet;

/// <summary>
/// Reads a group's `provisioning:` mapping of a fleet file and checks its port range against the group's size and
/// the other groups, each mistake at its line. Secrets come from the file or, better, from an environment variable
/// (`pop_env`, `password_env`), so the file itself need not be kept private.
/// </summary>
public static class FleetProvisioningReader
{
    private static readonly string[] KeyNames = ["http_port_base", "bind", "security", "pop", "pop_env", "username", "password", "password_env", "ble_socket_dir"];

    public static FleetProvisioning Read(YamlNodeReader r, YamlNode node)
    {
        ArgumentNullException.ThrowIfNull(r);
        var map = r.Map(node, "provisioning");
        r.Keys(map, KeyNames);
        int security = YamlNodeReader.Optional(map, "security") is { } s ? r.WholeNumber(s, 0, 2) : 2;
        string? pop = Secret(r, map, "pop", "pop_env");
        string? password = Secret(r, map, "password", "password_env");
        var username = YamlNodeReader.Optional(map, "username");
        if (pop != null && security != 1)
        {
            throw r.Error(SecretNode(map, "pop", "pop_env")!, $"a proof of possession is for security 1; security {security} {(security == 2 ? "uses username and password" : "has no secret")}");
        }

        if ((password != null || username != null) && security != 2)
        {
            throw r.Error(SecretNode(map, "password", "password_env") ?? username!, $"username and password are for security 2; security {security} {(security == 1 ? "uses pop" : "has no secret")}");
        }

        if (security == 2 && password == null)
        {
            throw r.Error(map, "security 2 needs 'password' (or 'password_env: VARIABLE'); the phone proves it with SRP");
        }

        return new FleetProvisioning
        {
            HttpPortBase = r.WholeNumber(r.Required(map, "http_port_base"), 1, 65535),
            BindAddress = YamlNodeReader.Optional(map, "bind") is { } b ? Address(r, b) : IPAddress.Loopback,
            Security = security,
            ProofOfPossession = pop,
            Username = username != null ? Printable(r, username, "username") : "wifiprov",
            Password = password ?? string.Empty,
            BleSocketDirectory = YamlNodeReader.Optional(map, "ble_socket_dir") is { } ble ? SocketDirectory(r, ble) : null,
        };
    }

    /// <summary>
    /// The group's ports must fit below 65536 and must not overlap another group's (in <paramref name="earlier"/>):
    /// two devices cannot listen on one port.
    /// </summary>
    public static void CheckPorts(YamlNodeReader r, YamlNode groupNode, FleetGroup group, IEnumerable<FleetGroup> earlier)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(earlier);
        if (group.Provisioning is not { } p)
        {
            return;
        }

        YamlNode at = FleetPortRange.KeyNode(groupNode, "provisioning", "http_port_base");
        long last = FleetPortRange.Last(r, at, p.HttpPortBase, group.Count, "http_port_base");

        foreach (var other in earlier)
        {
            if (other.Provisioning is { } o && FleetPortRange.Overlaps(p.HttpPortBase, last, o.HttpPortBase, other.Count))
            {
                throw r.Error(at, string.Create(CultureInfo.InvariantCulture,
                    $"ports {p.HttpPortBase}..{last} overlap group '{other.Name}' ({o.HttpPortBase}..{o.HttpPortBase + other.Count - 1}); each device needs its own port"));
            }
        }
    }

    /// <summary>
    /// A fleet file that holds a secret itself must be readable by its owner only, as ssh insists for a private key:
    /// otherwise anyone on the machine can provision the fleet's devices.
    /// </summary>
    public static void CheckSecretsPrivate(string path, string yaml, FleetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (OperatingSystem.IsWindows() || spec.Groups.All(g => g.Provisioning is null && g.LocalApi?.Token is null))
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) == 0)
        {
            return;
        }

        var root = YamlRootMapping.Load(yaml, path, "'groups'", (s, l, p, e) => new FleetFileException(s, l, p, e));
        if (YamlNodeReader.Optional(root, "groups") is not YamlSequenceNode groups)
        {
            return;
        }

        foreach (var group in groups.Children.OfType<YamlMappingNode>())
        {
            if (YamlNodeReader.Optional(group, "provisioning") is YamlMappingNode p
                && (YamlNodeReader.Optional(p, "pop") ?? YamlNodeReader.Optional(p, "password")) is { } secret)
            {
                throw new FleetFileException(path, (int)secret.Start.Line,
                    $"the file holds a provisioning secret and other users can read it; chmod 600 {Path.GetFileName(path)}, or move the secret to an environment variable (pop_env / password_env)");
            }
        }

        foreach (var token in FleetLocalApiReader.LiteralTokens(groups))
        {
            throw new FleetFileException(path, (int)token.Start.Line,
                $"the file holds a local API access token and other users can read it; chmod 600 {Path.GetFileName(path)}, or move the token to an environment variable (token_env)");
        }
    }

    // Unix socket paths are at most 107 bytes; a device's is the folder, '/', 12 hex digits and ".sock".
    private const int MaxSocketDirectoryLength = 107 - 18;

    private static string SocketDirectory(YamlNodeReader r, YamlNode node)
    {
        string? text = (node as YamlScalarNode)?.Value;
        if (string.IsNullOrEmpty(text))
        {
            throw r.Error(node, "'ble_socket_dir' names a folder for the devices' virtual BLE sockets");
        }

        string path = Path.GetFullPath(text, Path.GetDirectoryName(Path.GetFullPath(r.Source)) ?? ".");
        if (!Directory.Exists(path))
        {
            throw r.Error(node, $"ble_socket_dir: {path} is not a folder (create it first)");
        }

        return path.Length <= MaxSocketDirectoryLength ? path
            : throw r.Error(node, $"ble_socket_dir: {path} is {path.Length} characters; a Unix socket path must stay under 108, so the folder may have at most {MaxSocketDirectoryLength}");
    }

    private static YamlNode? SecretNode(YamlMappingNode map, string key, string envKey) => YamlNodeReader.Optional(map, key) ?? YamlNodeReader.Optional(map, envKey);

    private static string? Secret(YamlNodeReader r, YamlMappingNode map, string key, string envKey)
    {
        var literal = YamlNodeReader.Optional(map, key);
        var env = YamlNodeReader.Optional(map, envKey);
        if (literal != null && env != null)
        {
            throw r.Error(env, $"give '{key}' or '{envKey}', not both");
        }

        if (literal != null)
        {
            // Never echo the value: the message names the key only.
            return literal is YamlScalarNode { Value: { Length: > 0 and <= 64 } v } ? v : throw r.Error(literal, $"'{key}' must be 1-64 characters");
        }

        if (env == null)
        {
            return null;
        }

        string name = env is YamlScalarNode { Value: { Length: > 0 } n } ? n : throw r.Error(env, $"'{envKey}' names an environment variable");
        string? value = Environment.GetEnvironmentVariable(name);
        return value is { Length: > 0 and <= 64 } ? value
            : throw r.Error(env, value is null or { Length: 0 } ? $"{envKey}: the environment variable {name} is not set (or empty)" : $"{envKey}: the value of {name} must be 1-64 characters");
    }

    private static string Printable(YamlNodeReader r, YamlNode node, string what)
    {
        string? text = (node as YamlScalarNode)?.Value;
        return text is { Length: > 0 and <= 32 } && text.All(c => c > ' ' && c <= '~') ? text : throw r.Error(node, $"'{what}' must be 1-32 printable characters without spaces");
    }

    private static IPAddress Address(YamlNodeReader r, YamlNode node) =>
        node is YamlScalarNode { Value: { } v } && IPAddress.TryParse(v, out var address) && v.Contains('.', StringComparison.Ordinal)
            ? address
            : throw r.Error(node, "'bind' must be an IPv4 address such as 127.0.0.1 (the default) or 0.0.0.0 for phones on the LAN");
}
