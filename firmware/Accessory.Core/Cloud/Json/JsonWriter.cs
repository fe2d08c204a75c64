using Accessory.Core.Text;

namespace Accessory.Core.Cloud.Json;

/// <summary>
/// Builds one flat JSON object as UTF-8. Strings are escaped so any .NET string (control characters, quotes,
/// lone surrogates) yields valid JSON that <see cref="JsonReader"/> reads back.
/// </summary>
public sealed class JsonWriter
{
    private readonly ByteBuilder _bytes = new ByteBuilder(64);
    private bool _any;

    public JsonWriter()
    {
        _bytes.Append((byte)'{');
    }

    public JsonWriter WriteString(string name, string value)
    {
        Name(name);
        AppendString(value);
        return this;
    }

    public JsonWriter WriteNumber(string name, long value)
    {
        Name(name);
        AppendNumber(value);
        return this;
    }

    public JsonWriter WriteBoolean(string name, bool value)
    {
        Name(name);
        AppendAscii(value ? "true" : "false");
        return this;
    }

    public JsonWriter WriteNull(string name)
    {
        Name(name);
        AppendAscii("null");
        return this;
    }

    /// <summary>The finished object; the writer can keep adding fields afterwards.</summary>
    public byte[] ToBytes()
    {
        var result = new ByteBuilder(_bytes.Length + 1);
        result.Append(_bytes.ToArray());
        result.Append((byte)'}');
        return result.ToArray();
    }

    private void Name(string name)
    {
        if (_any)
        {
            _bytes.Append((byte)',');
        }

        _any = true;
        AppendString(name);
        _bytes.Append((byte)':');
    }

    private void AppendString(string value)
    {
        _bytes.Append((byte)'"');
        int runStart = 0;
        for (int i = 0; i < value.Length; i++)
        {
            string? escape = EscapeFor(value, i);
            if (escape == null)
            {
                continue;
            }

            if (i > runStart)
            {
                _bytes.Append(Utf8.Encode(value.Substring(runStart, i - runStart)));
            }

            AppendAscii(escape);
            runStart = i + 1;
        }

        if (value.Length > runStart)
        {
            _bytes.Append(Utf8.Encode(value.Substring(runStart)));
        }

        _bytes.Append((byte)'"');
    }

    // Lone surrogates are escaped as \uXXXX so the text survives exactly instead of becoming U+FFFD in UTF-8.
    private static string? EscapeFor(string value, int i)
    {
        char c = value[i];
        switch (c)
        {
            case '"': return "\\\"";
            case '\\': return "\\\\";
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            case '\b': return "\\b";
            case '\f': return "\\f";
        }

        if (c < 0x20)
        {
            return "\\u" + ((int)c).ToString("X4");
        }

        if (c >= 0xD800 && c <= 0xDBFF)
        {
            bool paired = i + 1 < value.Length && value[i + 1] >= 0xDC00 && value[i + 1] <= 0xDFFF;
            return paired ? null : "\\u" + ((int)c).ToString("X4");
        }

        if (c >= 0xDC00 && c <= 0xDFFF)
        {
            bool paired = i > 0 && value[i - 1] >= 0xD800 && value[i - 1] <= 0xDBFF;
            return paired ? null : "\\u" + ((int)c).ToString("X4");
        }

        return null;
    }

    private void AppendNumber(long value)
    {
        if (value == 0)
        {
            _bytes.Append((byte)'0');
            return;
        }

        // Digits from the low end; negative accumulation so long.MinValue needs no special case.
        var digits = new byte[20];
        int n = 0;
        long rest = value > 0 ? -value : value;
        while (rest != 0)
        {
            digits[n++] = (byte)('0' - (int)(rest % 10));
            rest /= 10;
        }

        if (value < 0)
        {
            _bytes.Append((byte)'-');
        }

        while (n > 0)
        {
            _bytes.Append(digits[--n]);
        }
    }

    private void AppendAscii(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            _bytes.Append((byte)text[i]);
        }
    }
}
