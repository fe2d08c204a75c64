using System.Text.Json;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Dashboard;

/// <summary>`accessory-sim run --log-format json`: every stderr line is one JSON object with the documented fields.</summary>
public sealed class JsonLogFormatTests
{
    private static readonly string[] Fields = ["time", "level", "category", "component", "message"];
    private static readonly string[] Levels = ["trace", "debug", "info", "warning", "error", "critical"];

    [Fact]
    public void Every_log_line_is_one_json_object_with_stable_fields()
    {
        using (var sim = DashboardSimulator.Start("--log-format", "json", "--log-level", "Debug"))
        {
            Assert.Equal(200, Faults.Curl.Run("--data-binary", "http.delay:ms=5", sim.BaseUrl + "faults").Status);
            Assert.True(SpinWait.SpinUntil(() => sim.Cli.StderrLines.Count >= 5, TimeSpan.FromSeconds(10)));
            sim.Cli.Interrupt();
            sim.Cli.WaitForExit(TimeSpan.FromSeconds(20));
            var lines = sim.Cli.StderrLines.Where(l => l.Length > 0).ToList();
            Assert.NotEmpty(lines);
            var objects = new List<JsonElement>();
            foreach (string line in lines)
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                Assert.Equal(JsonValueKind.Object, root.ValueKind);
                foreach (string field in Fields)
                {
                    Assert.True(root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String, $"'{field}' missing in: {line}");
                }

                Assert.Contains(root.GetProperty("level").GetString(), Levels);
                Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", root.GetProperty("time").GetString());
                objects.Add(root.Clone());
            }

            Assert.Contains(objects, o => o.GetProperty("component").GetString() == "device" && o.GetProperty("message").GetString()!.Contains("starting, unprovisioned", StringComparison.Ordinal));
            Assert.Contains(objects, o => o.GetProperty("category").GetString() == "Accessory.faults");
            Assert.Contains(objects, o => o.GetProperty("message").GetString()!.EndsWith(" stopped", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Text_stays_the_default_and_an_unknown_format_is_refused()
    {
        using var dir = new TempDirectory();
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "run", "--data-dir", dir.Path, "--log-format", "xml");
        int exit = cli.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, exit);
        Assert.Contains("xml", cli.AllOutput, StringComparison.Ordinal);
        Assert.Contains("--log-format", cli.AllOutput, StringComparison.Ordinal);
    }
}
