using System.Text.Json;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>One line of zeroconf_browse.py output: what a real DNS-SD client saw.</summary>
internal sealed class BrowseEvent
{
    private BrowseEvent(string kind, string? instance, string? host, int port, IReadOnlyDictionary<string, string?> txt, IReadOnlyList<string> addresses)
    {
        Kind = kind;
        Instance = instance;
        Host = host;
        Port = port;
        Txt = txt;
        Addresses = addresses;
    }

    /// <summary>ready, added, updated, unresolved, removed or done.</summary>
    public string Kind { get; }

    /// <summary>Full instance name, e.g. "Lamp 1._acc._tcp.local.".</summary>
    public string? Instance { get; }

    public string? Host { get; }

    public int Port { get; }

    /// <summary>TXT keys; a key present without '=' has a null value.</summary>
    public IReadOnlyDictionary<string, string?> Txt { get; }

    public IReadOnlyList<string> Addresses { get; }

    public bool IsResolved => Kind is "added" or "updated";

    /// <summary>Null for a line that is not one of the script's JSON objects (never throws on odd output).</summary>
    public static BrowseEvent? TryParse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event", out var kind) || kind.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var txt = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (root.TryGetProperty("txt", out var txtElement) && txtElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in txtElement.EnumerateObject())
                {
                    txt[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                }
            }

            var addresses = new List<string>();
            if (root.TryGetProperty("addresses", out var addressElement) && addressElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var address in addressElement.EnumerateArray())
                {
                    addresses.Add(address.GetString() ?? string.Empty);
                }
            }

            return new BrowseEvent(
                kind.GetString()!,
                StringOrNull(root, "instance"),
                StringOrNull(root, "host"),
                root.TryGetProperty("port", out var port) && port.ValueKind == JsonValueKind.Number ? port.GetInt32() : 0,
                txt,
                addresses);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override string ToString() => $"{Kind} {Instance} {Host}:{Port} [{string.Join(", ", Addresses)}] {{{string.Join(", ", Txt.Select(t => t.Key + "=" + t.Value))}}}";

    private static string? StringOrNull(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
