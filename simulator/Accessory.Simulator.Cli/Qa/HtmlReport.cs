using System.Globalization;
using System.Net;
using System.Text;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>
/// One self-contained HTML file (no scripts, no external files): per case a timeline of steps with their times,
/// and under each step what went over the wire, the device log lines of that step and, for a failure, expected
/// versus actual.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}
        h1{font-size:1.4em} h2{font-size:1.15em;margin-top:1.6em}
        .pass{color:#176b2c} .fail{color:#b00020} .skip{color:#777}
        table.timeline{border-collapse:collapse;width:100%}
        table.timeline td,table.timeline th{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
        pre{color:#222;background:#f6f6f6;padding:.5em;white-space:pre-wrap;word-break:break-all;margin:.3em 0;font-size:12px}
        .expected{background:#eef7ee} .actual{background:#fbeaea}
        details summary{cursor:pointer;color:#335}
        .summary{font-size:1.1em;font-weight:bold}
        """;

    public static void Write(string path, IReadOnlyList<CaseResult> cases)
    {
        var html = new StringBuilder();
        int failed = cases.Count(c => !c.Passed);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>accessory-sim test report</title><style>")
            .Append(Style).Append("</style></head><body>");
        html.Append("<h1>accessory-sim test report</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"summary {(failed == 0 ? "pass" : "fail")}\" id=\"summary\">{cases.Count - failed} passed, {failed} failed of {cases.Count}</p>");
        foreach (var c in cases)
        {
            string verdict = c.Passed ? "pass" : "fail";
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"case\"><h2 class=\"{verdict}\">{(c.Passed ? "PASS" : "FAIL")} {E(c.Name)}</h2>");
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(c.File)} &middot; started {Time(c.Start)} &middot; {Ms(c.End - c.Start)}</p>");
            if (c.Error != null)
            {
                html.Append(CultureInfo.InvariantCulture, $"<pre class=\"actual\">{E(c.Error)}</pre></section>");
                continue;
            }

            html.Append("<table class=\"timeline\"><thead><tr><th>#</th><th>started</th><th>+</th><th>took</th><th>step</th><th>result</th></tr></thead><tbody>");
            int n = 0;
            foreach (var step in c.Steps)
            {
                n++;
                string cls = step.Skipped ? "skip" : step.Passed ? "pass" : "fail";
                string word = step.Skipped ? "SKIP" : step.Passed ? "PASS" : "FAIL";
                html.Append(CultureInfo.InvariantCulture, $"<tr class=\"step {cls}\"><td>{n}</td><td>{(step.Skipped ? "" : Time(step.Start))}</td><td>{(step.Skipped ? "" : Ms(step.Start - c.Start))}</td><td>{(step.Skipped ? "" : Ms(step.Elapsed))}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td>{E(step.Title)} <small>(line {step.Line})</small>");
                if (!step.Passed && !step.Skipped)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<div class=\"failure\"><b>{E(step.Message ?? "")}</b><pre class=\"expected\">expected: {E(step.Expected ?? "")}</pre><pre class=\"actual\">actual:   {E(step.Actual ?? "")}</pre></div>");
                }
                else if (step.Passed && step.Message != null)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<div>{E(step.Message)}</div>");
                }

                if (step.Wire.Count > 0)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<details open><summary>wire ({step.Wire.Count})</summary><pre class=\"wire\">");
                    foreach (var line in step.Wire)
                    {
                        html.Append(Time(line.At)).Append("  ").Append(E(line.Text)).Append('\n');
                    }

                    html.Append("</pre></details>");
                }

                if (step.Log.Count > 0)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<details><summary>device log ({step.Log.Count})</summary><pre class=\"log\">");
                    foreach (var line in step.Log)
                    {
                        html.Append(Time(line.At)).Append("  ").Append(E(line.Text)).Append('\n');
                    }

                    html.Append("</pre></details>");
                }

                html.Append(CultureInfo.InvariantCulture, $"</td><td class=\"{cls}\">{word}</td></tr>");
            }

            html.Append("</tbody></table></section>");
        }

        html.Append("</body></html>");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder != null)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, html.ToString(), new UTF8Encoding(false));
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms";
}
