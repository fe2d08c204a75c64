using System.Globalization;
using System.Text;

namespace Accessory.Simulator.Faults;

/// <summary>One typed parameter of a fault: its type, default and what values it allows.</summary>
public sealed class FaultParameter
{
    private FaultParameter(string name, FaultParameterType type, string? defaultValue, string description)
    {
        Name = name;
        Type = type;
        Default = defaultValue;
        Description = description;
    }

    public string Name { get; }

    public FaultParameterType Type { get; }

    /// <summary>The default in canonical text; null when the parameter is optional and absent unless given.</summary>
    public string? Default { get; }

    public string Description { get; }

    /// <summary>Inclusive bounds of an int parameter.</summary>
    public int Min { get; private init; }

    public int Max { get; private init; }

    /// <summary>Int values inside the bounds that are still refused.</summary>
    public IReadOnlyList<int> Excluded { get; private init; } = [];

    /// <summary>The values of an enum parameter, in canonical spelling.</summary>
    public IReadOnlyList<string> Values { get; private init; } = [];

    /// <summary>Whether a duration parameter accepts 0 (a delay may be zero, a length may not).</summary>
    public bool AllowsZero { get; private init; }

    /// <summary>Longest string value in UTF-8 bytes; 0 = no limit.</summary>
    public int MaxUtf8Bytes { get; private init; }

    /// <summary>Whether a text value must be an HTTP token (header names).</summary>
    public bool TokenOnly { get; private init; }

    /// <summary>The type as the catalogue and documentation name it: int, bool, enum, string or duration.</summary>
    public string TypeName => Type switch
    {
        FaultParameterType.Number => "int",
        FaultParameterType.Bool => "bool",
        FaultParameterType.Enum => "enum",
        FaultParameterType.Duration => "duration",
        _ => "string",
    };

    /// <summary>What values are allowed, in words, for error messages and the catalogue.</summary>
    public string Allowed => Type switch
    {
        FaultParameterType.Number => IntAllowed(),
        FaultParameterType.Bool => FaultBoolean.Allowed,
        FaultParameterType.Enum => "one of: " + string.Join(", ", Values),
        FaultParameterType.Duration => AllowsZero ? FaultDuration.AllowedOrZero : FaultDuration.Allowed,
        _ when TokenOnly => $"an HTTP header name (letters, digits and !#$%&'*+-.^_`|~) of at most {MaxUtf8Bytes} bytes",
        _ => (MaxUtf8Bytes > 0 ? $"text of at most {MaxUtf8Bytes} UTF-8 bytes" : "any text (quote it to include commas)") + " without control characters",
    };

    public static FaultParameter Number(string name, int? defaultValue, int min, int max, string description, params int[] excluded) =>
        new(name, FaultParameterType.Number, defaultValue?.ToString(CultureInfo.InvariantCulture), description) { Min = min, Max = max, Excluded = excluded };

    public static FaultParameter Bool(string name, bool defaultValue, string description) =>
        new(name, FaultParameterType.Bool, FaultBoolean.Format(defaultValue), description);

    public static FaultParameter Enum(string name, string defaultValue, string description, params string[] values) =>
        new(name, FaultParameterType.Enum, defaultValue, description) { Values = values };

    public static FaultParameter Text(string name, string defaultValue, string description, int maxUtf8Bytes = 0) =>
        new(name, FaultParameterType.Text, defaultValue, description) { MaxUtf8Bytes = maxUtf8Bytes };

    /// <summary>Text that ends up as an HTTP header name: an RFC 9110 token, so it cannot split or inject headers.</summary>
    public static FaultParameter HeaderName(string name, string defaultValue, string description) =>
        new(name, FaultParameterType.Text, defaultValue, description) { MaxUtf8Bytes = 64, TokenOnly = true };

    public static FaultParameter Duration(string name, TimeSpan defaultValue, string description, bool allowZero = false) =>
        new(name, FaultParameterType.Duration, FaultDuration.Format(defaultValue), description) { AllowsZero = allowZero };

    /// <summary>Checks a value as typed and returns its canonical text.</summary>
    /// <exception cref="FaultSpecException">The value is not allowed; the message names the parameter, the value and what is allowed.</exception>
    public string Normalize(string fault, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string? canonical = Type switch
        {
            FaultParameterType.Number => NormalizeInt(value),
            FaultParameterType.Bool => FaultBoolean.TryParse(value, out bool b) ? FaultBoolean.Format(b) : null,
            FaultParameterType.Enum => Values.FirstOrDefault(v => string.Equals(v, value.Trim(), StringComparison.OrdinalIgnoreCase)),
            FaultParameterType.Duration => FaultDuration.TryParse(value, AllowsZero, out var d) ? FaultDuration.Format(d) : null,
            _ => TextAllowed(value) ? value : null,
        };
        return canonical ?? throw new FaultSpecException(
            $"fault '{fault}': parameter '{Name}' cannot be '{Shorten(value)}'; allowed: {Allowed}", fault, Name);
    }

    // Control characters (CR, LF, NUL...) in a value that lands in a header would split it into attacker-chosen
    // headers, and nothing in a path, reason or cache directive needs them.
    private static bool IsHttpToken(string value) =>
        value.Length > 0 && value.All(c => c < 128 && (char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)));

    private static string Shorten(string value)
    {
        string visible = string.Concat(value.Take(60).Select(c => char.IsControl(c) ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString()));
        return value.Length <= 60 ? visible : visible + "...";
    }

    private bool TextAllowed(string value)
    {
        if (MaxUtf8Bytes > 0 && Encoding.UTF8.GetByteCount(value) > MaxUtf8Bytes)
        {
            return false;
        }

        return TokenOnly ? IsHttpToken(value) : !value.Any(char.IsControl);
    }

    private string? NormalizeInt(string value)
    {
        if (!long.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n)
            || n < Min || n > Max || Excluded.Contains((int)n))
        {
            return null;
        }

        return n.ToString(CultureInfo.InvariantCulture);
    }

    private string IntAllowed()
    {
        string range = Max == int.MaxValue ? $"a whole number >= {Min}" : $"a whole number {Min}..{Max}";
        return Excluded.Count == 0 ? range : range + " except " + string.Join(", ", Excluded);
    }
}
