using System.Globalization;
using Accessory.Core.Nan;

namespace Accessory.Simulator.Nan.Control;

/// <summary>
/// The "key=value" words after a control command, checked against the keys that command takes: an unknown,
/// repeated or malformed word is an error naming it, as hostap refuses a parameter it does not know.
/// </summary>
public sealed class NanControlArguments
{
    private readonly string _command;
    private readonly Dictionary<string, string> _values;

    private NanControlArguments(string command, Dictionary<string, string> values)
    {
        _command = command;
        _values = values;
    }

    public static NanControlArguments Parse(string command, IEnumerable<string> words, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(words);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string word in words)
        {
            int equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new NanControlException($"{command}: '{word}' is not key=value");
            }

            string key = word[..equals];
            if (Array.IndexOf(allowed, key) < 0)
            {
                throw new NanControlException($"{command}: unknown parameter '{key}' (takes {string.Join(", ", allowed)})");
            }

            if (!values.TryAdd(key, word[(equals + 1)..]))
            {
                throw new NanControlException($"{command}: '{key}' given twice");
            }
        }

        return new NanControlArguments(command, values);
    }

    public bool Has(string key) => _values.ContainsKey(key);

    public string Required(string key) =>
        _values.TryGetValue(key, out string? value) ? value : throw new NanControlException($"{_command}: {key}= is required");

    public int Number(string key, int fallback, int min, int max)
    {
        if (!_values.TryGetValue(key, out string? text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            throw new NanControlException($"{_command}: {key}={text} is not a number within {min}..{max}");
        }

        return value;
    }

    public bool Flag(string key, bool fallback) => Number(key, fallback ? 1 : 0, 0, 1) == 1;

    /// <summary>Hex bytes (upper or lower case, even length); null when absent.</summary>
    public byte[]? Bytes(string key, int maxLength)
    {
        if (!_values.TryGetValue(key, out string? text))
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw new NanControlException($"{_command}: {key}= must be hex digits in pairs");
        }

        return bytes.Length <= maxLength ? bytes : throw new NanControlException($"{_command}: {key}= has {bytes.Length} bytes, at most {maxLength}");
    }

    public NanServiceName ServiceName()
    {
        string text = Required("service_name");
        return NanServiceName.TryFromAndroid(text, out NanServiceNameError error)
            ?? throw new NanControlException($"{_command}: service_name '{text}' is not a NAN service name: {NanServiceNameErrors.Describe(error)}");
    }

    /// <summary>A MAC address written aa:bb:cc:dd:ee:ff.</summary>
    public byte[] Address(string key)
    {
        string text = Required(key);
        return Accessory.Simulator.Net.MacAddressText.TryParse(text)
            ?? throw new NanControlException($"{_command}: {key}={text} is not a MAC address (aa:bb:cc:dd:ee:ff)");
    }
}
