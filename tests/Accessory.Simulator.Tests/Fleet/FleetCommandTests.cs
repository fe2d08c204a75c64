using System.Globalization;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Fleet;

/// <summary>`accessory-sim fleet` as a real process: bad input refused clearly, progress and summary, faults from the file, Ctrl+C.</summary>
public sealed class FleetCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(new[] { "fleet" }, "give --count N")]
    [InlineData(new[] { "fleet", "--count", "0" }, "--count must be 1..50000")]
    [InlineData(new[] { "fleet", "--count", "10", "--broker", "ftp://x" }, "--broker")]
    [InlineData(new[] { "fleet", "--count", "10", "--duration", "0" }, "--duration must be 1..")]
    [InlineData(new[] { "fleet", "--count", "10", "--first-index", "1", "--slice", "2" }, "not both")]
    [InlineData(new[] { "fleet", "--count", "10", "--file", "/nonexistent/fleet.yaml" }, "does not exist")]
    public void Bad_input_is_refused_with_a_specific_error(string[] args, string problem)
    {
        using var sim = ChildProcess.Run(BuildPaths.SimulatorCli, args);

        Assert.Equal(2, sim.WaitForExit(Patience));
        Assert.Contains(sim.StderrLines, l => l.StartsWith("error: ", StringComparison.Ordinal) && l.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_fleet_file_is_refused_with_file_and_line()
    {
        using var dir = new TempDirectory("fleet-file");
        string file = Path.Combine(dir.Path, "lab.yaml");
        File.WriteAllText(file, "groups:\n  - count: 5\n    telemetry: { every: 1s, rate: 2 }\n");
        using var sim = ChildProcess.Run(BuildPaths.SimulatorCli, "fleet", "--file", file);

        Assert.Equal(2, sim.WaitForExit(Patience));
        Assert.Contains(sim.StderrLines, l => l.Contains(file + ":3: unknown key 'rate'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fleet_file_with_wifi_loss_runs_to_its_duration_and_summarises()
    {
        using var broker = new Mosquitto();
        using var dir = new TempDirectory("fleet-file");
        string file = Path.Combine(dir.Path, "lab.yaml");
        File.WriteAllText(file, """
            name: ci-lab
            groups:
              - name: lamps
                count: 40
                telemetry: { every: 1s, jitter: 20% }
                faults:
                  - wifi_loss: { share: 25%, every: 3s, duration: 1s }
            """);
        using var wills = new MosquittoRecorder(broker.Port, false, "accessory/+/availability");
        wills.WaitUntilSubscribed();
        using var sim = ChildProcess.Run(BuildPaths.SimulatorCli, "fleet", "--file", file, "--broker", broker.Uri.ToString(), "--duration", "8");

        Assert.Equal(0, sim.WaitForExit(Patience));
        Assert.Contains(sim.StdoutLines, l => l.StartsWith("starting ", StringComparison.Ordinal) && l.Contains("connected", StringComparison.Ordinal));
        Assert.Contains(sim.StdoutLines, l => l.StartsWith("all 40 connected in ", StringComparison.Ordinal));
        string summary = Assert.Single(sim.StdoutLines, l => l.StartsWith("connected ", StringComparison.Ordinal));
        // Every device connected; at the end up to a quarter may be inside a Wi-Fi loss window or reconnecting from it.
        Assert.Contains("(ever connected 40/40, never 0)", summary, StringComparison.Ordinal);
        int losses = int.Parse(summary.Split("wifi losses ")[1].Split(',')[0], CultureInfo.InvariantCulture);
        Assert.True(losses >= 10, summary);
        // The broker saw Wills while the fleet ran (the faults), before the power-off at the end sends everyone's.
        Assert.True(wills.Devices("/availability", p => p == "offline").Count >= 10, sim.AllOutput);
    }

    [Fact]
    public async Task Ctrl_c_stops_the_fleet_cleanly_and_the_broker_reports_every_device_offline()
    {
        using var broker = new Mosquitto();
        using var sim = ChildProcess.Run(BuildPaths.SimulatorCli, "fleet", "--count", "30", "--broker", broker.Uri.ToString(), "--slice", "3");
        Assert.True(sim.WaitForLine(l => l.StartsWith("all 30 connected", StringComparison.Ordinal), Patience), sim.AllOutput);
        using var availability = new MosquittoRecorder(broker.Port, false, "accessory/+/availability");
        availability.WaitUntilSubscribed();

        sim.Interrupt();

        Assert.Equal(0, sim.WaitForExit(Patience));
        Assert.Contains(sim.StdoutLines, l => l.StartsWith("connected 30/30 ", StringComparison.Ordinal));
        // The power-off drops every link on purpose: that is not reported as a broker loss to retry (nothing else
        // cut the broker in this run).
        Assert.DoesNotContain(sim.StdoutLines.Concat(sim.StderrLines), l => l.Contains("broker lost", StringComparison.Ordinal));
        // --slice 3 of 30 devices: indexes 90..119.
        var expected = Enumerable.Range(90, 30).Select(Accessory.Simulator.Fleet.FleetDevice.DeviceIdOf).ToHashSet(StringComparer.Ordinal);
        Assert.True(await Eventually.TrueAsync(() => availability.Devices("/availability", p => p == "offline").SetEquals(expected), TimeSpan.FromSeconds(20)),
            "offline: " + availability.Devices("/availability", p => p == "offline").Count + "\n" + sim.AllOutput);
    }
}
