using System.Text;

namespace Accessory.Simulator.Faults;

/// <summary>
/// Splits `param=value,param="value, with commas"` into pairs, and quotes values back when writing a spec, so
/// parsing and formatting stay exact inverses.
/// </summary>
internal static class FaultSpecSyntax
{
    public static List<KeyValuePair<string, string>> SplitParameters(string fault, string text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        int i = 0;
        while (i < text.Length)
        {
            int equals = text.IndexOfAny(['=', ',', '"'], i);
            if (equals < 0 || text[equals] != '=')
            {
                string item = (equals < 0 ? text[i..] : text[i..equals]).Trim();
                throw new FaultSpecException(
                    item.Length == 0
                        ? $"fault '{fault}': empty parameter; write {fault}:name=value,name=value"
                        : $"fault '{fault}': parameter '{item}' has no value; write {item}=VALUE",
                    fault,
                    item.Length == 0 ? null : item);
            }

            string name = text[i..equals].Trim();
            if (name.Length == 0)
            {
                throw new FaultSpecException($"fault '{fault}': a value is missing its parameter name before '='", fault, null);
            }

            i = equals + 1;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            string value;
            if (i < text.Length && text[i] == '"')
            {
                (value, i) = ReadQuoted(fault, name, text, i);
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                if (i < text.Length && text[i] != ',')
                {
                    throw new FaultSpecException($"fault '{fault}': parameter '{name}' has text after its closing quote; separate parameters with ','", fault, name);
                }
            }
            else
            {
                int comma = text.IndexOf(',', i);
                int end = comma < 0 ? text.Length : comma;
                value = text[i..end].Trim();
                i = end;
            }

            pairs.Add(new(name, value));
            if (i < text.Length)
            {
                i++;
                if (i == text.Length)
                {
                    throw new FaultSpecException($"fault '{fault}': the spec ends with ','; remove it or add a parameter", fault, null);
                }
            }
        }

        return pairs;
    }

    /// <summary>Values that would not read back as themselves unquoted get quoted, with \" and \\ escaped.</summary>
    public static string FormatValue(string value)
    {
        bool plain = value.Length > 0 && value.Trim().Length == value.Length
            && value.IndexOfAny([',', '"', '\\', '=']) < 0 && !value.Any(char.IsControl);
        if (plain)
        {
            return value;
        }

        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            if (c is '"' or '\\')
            {
                quoted.Append('\\');
            }

            quoted.Append(c);
        }

        return quoted.Append('"').ToString();
    }

    private static (string Value, int Next) ReadQuoted(string fault, string name, string text, int open)
    {
        var value = new StringBuilder();
        for (int i = open + 1; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '"')
            {
                return (value.ToString(), i + 1);
            }

            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
            {
                i++;
                c = text[i];
            }

            value.Append(c);
        }

        throw new FaultSpecException($"fault '{fault}': the quoted value of parameter '{name}' has no closing '\"'", fault, name);
    }
}
