using System.Globalization;

namespace Accessory.Simulator.Faults;

/// <summary>Duration values of fault parameters: "250ms", "10s", "2m", "1h" or a bare number of milliseconds.</summary>
public static class FaultDuration
{
    public static readonly TimeSpan Max = TimeSpan.FromHours(24);

    public const string Allowed = "a positive duration such as 250ms, 10s, 2m or 1h (a bare number is milliseconds), at most 24h";

    public const string AllowedOrZero = "a duration such as 0, 250ms, 10s, 2m or 1h (a bare number is milliseconds), at most 24h";

    public static bool TryParse(string text, out TimeSpan value) => TryParse(text, allowZero: false, out value);

    public static bool TryParse(string text, bool allowZero, out TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = TimeSpan.Zero;
        string t = text.Trim();
        long unit = 1;
        string digits = t;
        if (t.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
        {
            digits = t[..^2];
        }
        else if (t.EndsWith('s') || t.EndsWith('S'))
        {
            (digits, unit) = (t[..^1], 1000);
        }
        else if (t.EndsWith('m') || t.EndsWith('M'))
        {
            (digits, unit) = (t[..^1], 60_000);
        }
        else if (t.EndsWith('h') || t.EndsWith('H'))
        {
            (digits, unit) = (t[..^1], 3_600_000);
        }

        // NumberStyles.None: no sign, no spaces between number and unit, no exponent.
        if (digits.Length == 0 || digits.Length > 12
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long amount))
        {
            return false;
        }

        long ms = amount * unit;
        if (ms < (allowZero ? 0 : 1) || ms > (long)Max.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    /// <summary>The largest unit that represents the value exactly, so the canonical spec stays readable.</summary>
    public static string Format(TimeSpan value)
    {
        long ms = (long)value.TotalMilliseconds;
        return ms == 0 ? "0s"
            : ms % 3_600_000 == 0 ? Text(ms / 3_600_000, "h")
            : ms % 60_000 == 0 ? Text(ms / 60_000, "m")
            : ms % 1000 == 0 ? Text(ms / 1000, "s")
            : Text(ms, "ms");
    }

    private static string Text(long amount, string unit) => amount.ToString(CultureInfo.InvariantCulture) + unit;
}
