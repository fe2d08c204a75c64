namespace Accessory.Simulator.Http;

/// <summary>One parsed request.</summary>
internal sealed class HttpRequest
{
    public required string Method { get; init; }

    public required string Path { get; init; }

    public required bool KeepAlive { get; init; }

    public required byte[] Body { get; init; }

    /// <summary>Every header line in order, names as sent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The first value of a header (names compare case-insensitively); null when absent.</summary>
    public string? Header(string name)
    {
        foreach (var header in Headers)
        {
            if (header.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }
}
