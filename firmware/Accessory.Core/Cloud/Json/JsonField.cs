namespace Accessory.Core.Cloud.Json;

/// <summary>One name/value pair of a parsed object. Numbers are integers only: no cloud payload needs fractions.</summary>
public sealed class JsonField
{
    public JsonField(string name, JsonValueKind kind, string text, long number, bool boolean)
    {
        Name = name;
        Kind = kind;
        Text = text;
        Number = number;
        Boolean = boolean;
    }

    public string Name { get; }

    public JsonValueKind Kind { get; }

    /// <summary>The string value (empty for other kinds).</summary>
    public string Text { get; }

    public long Number { get; }

    public bool Boolean { get; }

    public static string KindName(JsonValueKind kind)
    {
        switch (kind)
        {
            case JsonValueKind.Text: return "string";
            case JsonValueKind.Number: return "number";
            case JsonValueKind.Truth: return "boolean";
            case JsonValueKind.Null: return "null";
            default: return "kind " + (int)kind;
        }
    }
}
