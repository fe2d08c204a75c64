using System.Text;

namespace Accessory.Simulator.Provisioning;

/// <summary>
/// Draws a QR matrix with Unicode half blocks: each character is two modules stacked (upper, lower), so the code
/// keeps square modules in a terminal and stays small enough to scan from the screen.
/// </summary>
public static class TerminalQrRenderer
{
    public const char Full = '\u2588';
    public const char Upper = '\u2580';
    public const char Lower = '\u2584';
    public const char Empty = ' ';

    /// <summary>
    /// With <paramref name="darkBackgroundTerminal"/> (the common case) the glyphs paint the light modules, so the
    /// background shows through as the dark ones; otherwise the glyphs paint the dark modules.
    /// </summary>
    public static string Render(bool[,] modules, bool darkBackgroundTerminal = true)
    {
        ArgumentNullException.ThrowIfNull(modules);
        int height = modules.GetLength(0);
        int width = modules.GetLength(1);
        var text = new StringBuilder();
        for (int y = 0; y < height; y += 2)
        {
            for (int x = 0; x < width; x++)
            {
                bool top = Painted(modules[y, x], darkBackgroundTerminal);

                // An odd last row pairs with a quiet (light) row below it.
                bool bottom = y + 1 < height ? Painted(modules[y + 1, x], darkBackgroundTerminal) : Painted(false, darkBackgroundTerminal);
                text.Append(top ? (bottom ? Full : Upper) : (bottom ? Lower : Empty));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Reads rendered text back into modules ([row, column], true = dark); the inverse of <see cref="Render"/>.</summary>
    public static bool[,] Parse(string text, bool darkBackgroundTerminal = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.TrimEnd('\n').Split('\n');
        int width = lines[0].Length;
        var modules = new bool[lines.Length * 2, width];
        for (int row = 0; row < lines.Length; row++)
        {
            if (lines[row].Length != width)
            {
                throw new FormatException($"line {row + 1} has {lines[row].Length} characters, expected {width}");
            }

            for (int x = 0; x < width; x++)
            {
                char c = lines[row][x];
                bool top = c == Full || c == Upper;
                bool bottom = c == Full || c == Lower;
                if (!top && !bottom && c != Empty)
                {
                    throw new FormatException($"unexpected character U+{(int)c:X4} at line {row + 1}, column {x + 1}");
                }

                modules[2 * row, x] = top != darkBackgroundTerminal;
                modules[(2 * row) + 1, x] = bottom != darkBackgroundTerminal;
            }
        }

        return modules;
    }

    private static bool Painted(bool dark, bool darkBackgroundTerminal) => dark != darkBackgroundTerminal;
}
