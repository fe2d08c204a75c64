using System.Text;
using System.Text.Json;

namespace Accessory.Simulator.Cli;

/// <summary>The control API's JSON as aligned text tables for a terminal.</summary>
internal static class FaultsTable
{
    public static string Active(JsonElement root)
    {
        var rows = root.GetProperty("active").EnumerateArray()
            .Select(f => new[] { f.GetProperty("name").GetString()!, f.GetProperty("spec").GetString()! })
            .ToList();
        return rows.Count == 0 ? "no faults active\n" : Table(["NAME", "SPEC"], rows);
    }

    public static string Catalogue(JsonElement root)
    {
        var text = new StringBuilder();
        foreach (var fault in root.GetProperty("faults").EnumerateArray())
        {
            text.Append(fault.GetProperty("name").GetString()).Append(" - ").Append(fault.GetProperty("description").GetString()).Append('\n');
            var rows = fault.GetProperty("parameters").EnumerateArray()
                .Select(p => new[]
                {
                    "  " + p.GetProperty("name").GetString(),
                    p.GetProperty("type").GetString()!,
                    p.GetProperty("default").ValueKind == JsonValueKind.Null ? "(none)" : Quote(p.GetProperty("default").GetString()!),
                    p.GetProperty("allowed").GetString()!,
                    p.GetProperty("description").GetString()!,
                })
                .ToList();
            text.Append(rows.Count == 0 ? "  (no parameters)\n" : Table(["  PARAMETER", "TYPE", "DEFAULT", "ALLOWED", "DESCRIPTION"], rows));
            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Quote(string value) => value.Length == 0 ? "\"\"" : value;

    private static string Table(string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            for (int i = 0; i < row.Length; i++)
            {
                // The last column is not padded, so lines carry no trailing spaces.
                text.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
