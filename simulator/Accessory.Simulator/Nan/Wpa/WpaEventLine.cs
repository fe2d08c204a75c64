namespace Accessory.Simulator.Nan.Wpa;

/// <summary>An event datagram split into its name and key=value fields: "&lt;3&gt;NAME k=v k=v".</summary>
public sealed class WpaEventLine
{
    private readonly Dictionary<string, string> _fields;

    private WpaEventLine(string name, Dictionary<string, string> fields)
    {
        Name = name;
        _fields = fields;
    }

    public string Name { get; }

    /// <summary>Null when the text is not "&lt;digits&gt;NAME ...".</summary>
    public static WpaEventLine? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int close = text.IndexOf('>', StringComparison.Ordinal);
        if (!text.StartsWith('<') || close < 2 || !text.AsSpan(1, close - 1).ToString().All(char.IsAsciiDigit))
        {
            return null;
        }

        string[] words = text[(close + 1)..].TrimEnd('\n').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string word in words.Skip(1))
        {
            int equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                fields[word[..equals]] = word[(equals + 1)..];
            }
        }

        return new WpaEventLine(words[0], fields);
    }

    public string? Field(string key) => _fields.TryGetValue(key, out string? value) ? value : null;
}
