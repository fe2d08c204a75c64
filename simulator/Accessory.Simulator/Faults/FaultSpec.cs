using System.Globalization;
using System.Text;

namespace Accessory.Simulator.Faults;

/// <summary>
/// One validated fault with every parameter resolved (defaults applied). Immutable; <see cref="ToString"/> gives the
/// canonical spec, which parses back to an equal spec.
/// </summary>
public sealed class FaultSpec : IEquatable<FaultSpec>
{
    // Canonical text per parameter, in catalogue order; optional parameters that were not given are absent.
    private readonly Dictionary<string, string> _values;
    private readonly string _canonical;

    private FaultSpec(FaultDefinition definition, Dictionary<string, string> values)
    {
        Definition = definition;
        _values = values;
        _canonical = Canonical();
    }

    public string Name => Definition.Name;

    public FaultDefinition Definition { get; }

    /// <summary>Parses `name` or `name:param=value,param="quoted, value"`.</summary>
    /// <exception cref="FaultSpecException">The spec is not valid; the message says what and what is allowed.</exception>
    public static FaultSpec Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string text = spec.Trim();
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string name = (colon < 0 ? text : text[..colon]).Trim();
        var definition = Lookup(name);
        var pairs = colon < 0 ? [] : FaultSpecSyntax.SplitParameters(name, text[(colon + 1)..]);
        return Create(definition, pairs);
    }

    /// <summary>Builds a spec from a name and raw parameter values (as a scenario file's mapping holds them).</summary>
    /// <exception cref="FaultSpecException">Unknown fault or parameter, repeated parameter or a value not allowed.</exception>
    public static FaultSpec Create(string name, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(parameters);
        return Create(Lookup(name.Trim()), parameters);
    }

    public bool Has(string parameter) => _values.ContainsKey(Parameter(parameter, null).Name);

    public int GetInt(string parameter) => int.Parse(Value(parameter, FaultParameterType.Number), CultureInfo.InvariantCulture);

    /// <summary>An optional int parameter (no default), null when not given.</summary>
    public int? GetOptionalInt(string parameter)
    {
        var p = Parameter(parameter, FaultParameterType.Number);
        return _values.TryGetValue(p.Name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : null;
    }

    public bool GetBool(string parameter) => Value(parameter, FaultParameterType.Bool) == "true";

    public TimeSpan GetDuration(string parameter)
    {
        string text = Value(parameter, FaultParameterType.Duration);
        return FaultDuration.TryParse(text, allowZero: true, out var value) ? value : throw new InvalidOperationException("unreachable: canonical duration " + text);
    }

    public string GetString(string parameter) => Value(parameter, FaultParameterType.Text);

    /// <summary>The enum value in its canonical spelling as the catalogue lists it.</summary>
    public string GetEnum(string parameter) => Value(parameter, FaultParameterType.Enum);

    /// <summary>Same fault with one parameter changed (used to count down `count`).</summary>
    public FaultSpec With(string parameter, string value)
    {
        var p = Parameter(parameter, null);
        var values = new Dictionary<string, string>(_values, StringComparer.Ordinal) { [p.Name] = p.Normalize(Name, value) };
        return Validated(Definition, values);
    }

    public override string ToString() => _canonical;

    public bool Equals(FaultSpec? other) => other != null && other._canonical == _canonical;

    public override bool Equals(object? obj) => Equals(obj as FaultSpec);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_canonical);

    private static FaultDefinition Lookup(string name)
    {
        if (name.Length == 0)
        {
            throw new FaultSpecException("empty fault spec; write NAME or NAME:param=value (known faults: " + string.Join(", ", FaultCatalogue.Names) + ")");
        }

        return FaultCatalogue.TryGet(name, out var definition)
            ? definition
            : throw new FaultSpecException($"unknown fault '{Shorten(name)}' (known faults: {string.Join(", ", FaultCatalogue.Names)})", null, null);
    }

    private static FaultSpec Create(FaultDefinition definition, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, raw) in pairs)
        {
            var parameter = definition.Find(name) ?? throw new FaultSpecException(
                definition.Parameters.Count == 0
                    ? $"fault '{definition.Name}' takes no parameters (got '{Shorten(name)}')"
                    : $"fault '{definition.Name}' has no parameter '{Shorten(name)}' (its parameters: {string.Join(", ", definition.Parameters.Select(p => p.Name))})",
                definition.Name,
                name);
            if (values.ContainsKey(parameter.Name))
            {
                throw new FaultSpecException($"fault '{definition.Name}': parameter '{name}' is given twice", definition.Name, name);
            }

            values[parameter.Name] = parameter.Normalize(definition.Name, raw);
        }

        foreach (var parameter in definition.Parameters)
        {
            if (!values.ContainsKey(parameter.Name) && parameter.Default != null)
            {
                values[parameter.Name] = parameter.Default;
            }
        }

        return Validated(definition, values);
    }

    private static FaultSpec Validated(FaultDefinition definition, Dictionary<string, string> values)
    {
        var spec = new FaultSpec(definition, values);
        string? problem = definition.Check(spec);
        return problem == null ? spec : throw new FaultSpecException(problem, definition.Name, null);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";

    private FaultParameter Parameter(string name, FaultParameterType? type)
    {
        var parameter = Definition.Find(name)
            ?? throw new ArgumentException($"fault '{Name}' has no parameter '{name}'", nameof(name));
        if (type != null && parameter.Type != type)
        {
            throw new ArgumentException($"parameter '{name}' of fault '{Name}' is {parameter.Type}, not {type}", nameof(name));
        }

        return parameter;
    }

    private string Value(string name, FaultParameterType type)
    {
        var parameter = Parameter(name, type);
        return _values.TryGetValue(parameter.Name, out var text)
            ? text
            : throw new InvalidOperationException($"optional parameter '{name}' of fault '{Name}' was not given; check Has() first");
    }

    private string Canonical()
    {
        // Only values that differ from the default, so the canonical spec is as short as what a person would type.
        var text = new StringBuilder(Name);
        char separator = ':';
        foreach (var parameter in Definition.Parameters)
        {
            if (_values.TryGetValue(parameter.Name, out var value) && value != parameter.Default)
            {
                text.Append(separator).Append(parameter.Name).Append('=').Append(FaultSpecSyntax.FormatValue(value));
                separator = ',';
            }
        }

        return text.ToString();
    }
}
