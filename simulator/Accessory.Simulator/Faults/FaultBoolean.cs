namespace Accessory.Simulator.Faults;

/// <summary>Boolean values of fault parameters, in the spellings people type on a command line.</summary>
public static class FaultBoolean
{
    public const string Allowed = "true or false (also on/off, yes/no, 1/0)";

    public static bool TryParse(string text, out bool value)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text.Trim().ToUpperInvariant())
        {
            case "TRUE" or "ON" or "YES" or "1":
                value = true;
                return true;
            case "FALSE" or "OFF" or "NO" or "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    public static string Format(bool value) => value ? "true" : "false";
}
