using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>
/// The JUnit XML that CI systems read: one testsuite per run, one testcase per scenario cell and per repeat block;
/// a failed step is a &lt;failure&gt; with the step, expected and actual; a case that could not run is an &lt;error&gt;.
/// </summary>
public static class JUnitReport
{
    public static void Write(string path, IReadOnlyList<CaseResult> cases)
    {
        var suite = new XElement("testsuite",
            new XAttribute("name", "accessory-sim scenarios"),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", cases.Count(c => c.Error == null && !c.Passed)),
            new XAttribute("errors", cases.Count(c => c.Error != null)),
            new XAttribute("skipped", 0),
            new XAttribute("time", Seconds(cases.Sum(c => (c.End - c.Start).TotalSeconds))),
            new XAttribute("timestamp", (cases.Count > 0 ? cases[0].Start : DateTimeOffset.UtcNow).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)));
        foreach (var c in cases)
        {
            var testcase = new XElement("testcase",
                new XAttribute("classname", "scenarios." + Path.GetFileNameWithoutExtension(c.File)),
                new XAttribute("name", c.Name),
                new XAttribute("file", c.File),
                new XAttribute("time", Seconds((c.End - c.Start).TotalSeconds)));
            if (c.Error != null)
            {
                testcase.Add(new XElement("error", new XAttribute("message", c.Error), new XAttribute("type", "NotRun"), c.Error));
            }
            else if (c.FirstFailure is { } failed)
            {
                string message = $"step '{failed.Title}' (line {failed.Line}): {failed.Message}";
                testcase.Add(new XElement("failure",
                    new XAttribute("message", Clean(message)),
                    new XAttribute("type", "StepFailed"),
                    Clean($"{message}\nexpected: {failed.Expected}\nactual:   {failed.Actual}")));
            }

            var output = new StringBuilder();
            foreach (var step in c.Steps)
            {
                output.Append(CultureInfo.InvariantCulture, $"{(step.Skipped ? "SKIP" : step.Passed ? "PASS" : "FAIL")} {step.Title} ({Seconds(step.Elapsed.TotalSeconds)} s)\n");
                foreach (var line in step.Wire)
                {
                    output.Append("    ").Append(Clean(line.Text)).Append('\n');
                }
            }

            testcase.Add(new XElement("system-out", output.ToString()));
            suite.Add(testcase);
        }

        var root = new XElement("testsuites",
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", cases.Count(c => c.Error == null && !c.Passed)),
            new XAttribute("errors", cases.Count(c => c.Error != null)),
            suite);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder != null)
        {
            Directory.CreateDirectory(folder);
        }

        new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(path);
    }

    private static string Seconds(double seconds) => seconds.ToString("F3", CultureInfo.InvariantCulture);

    // XML 1.0 cannot carry control characters (a raw SSID may hold them).
    private static string Clean(string text) => new(text.Select(ch => ch < 0x20 && ch != '\t' ? '?' : ch).ToArray());
}
