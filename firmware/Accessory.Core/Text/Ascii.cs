namespace Accessory.Core.Text;

/// <summary>
/// ASCII-only case folding for protocol names (HTTP header names and tokens, host names): culture-aware lowering
/// would differ by locale, and nanoFramework's mscorlib has none to offer.
/// </summary>
public static class Ascii
{
    /// <summary>The text with A-Z lowered; every other character as it was.</summary>
    public static string ToLower(string text)
    {
        var chars = text.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (chars[i] >= 'A' && chars[i] <= 'Z')
            {
                chars[i] = (char)(chars[i] + 32);
            }
        }

        return new string(chars);
    }
}
