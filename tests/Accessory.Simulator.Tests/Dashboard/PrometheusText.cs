using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Accessory.Simulator.Tests.Dashboard;

/// <summary>
/// Parses the Prometheus text format with the reference parser, prometheus_client's
/// text_string_to_metric_families (Debian's python3-prometheus-client), so the format is checked by a real consumer.
/// </summary>
internal static class PrometheusText
{
    private const string Script = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        samples = {}
        for family in text_string_to_metric_families(sys.stdin.read()):
            for s in family.samples:
                labels = ",".join('%s="%s"' % (k, v) for k, v in sorted(s.labels.items()))
                samples[s.name + "{" + labels + "}"] = s.value
        print(json.dumps(samples))
        """;

    /// <summary>Every sample as `name{label="value",...}` (labels sorted) to its value.</summary>
    /// <exception cref="InvalidOperationException">The parser refused the text.</exception>
    public static IReadOnlyDictionary<string, double> Parse(string text)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(text);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new TimeoutException("the Prometheus parser did not finish");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("prometheus_client refused the text: " + stderr.Result);
        }

        using var document = JsonDocument.Parse(stdout.Result);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
    }

    public static double Value(this IReadOnlyDictionary<string, double> samples, string key) =>
        samples.TryGetValue(key, out double value) ? value : 0;

    public static string Describe(IReadOnlyDictionary<string, double> samples, string prefix) =>
        string.Join("\n", samples.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(s => s.Key + " " + s.Value.ToString(CultureInfo.InvariantCulture)));
}
