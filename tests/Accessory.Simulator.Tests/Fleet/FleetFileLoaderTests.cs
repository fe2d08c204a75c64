using Accessory.Simulator.Fleet;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Fleet;

/// <summary>The fleet file: every mistake names file:line and what was expected; a good file reads as written.</summary>
public sealed class FleetFileLoaderTests
{
    [Fact]
    public void The_shipped_example_reads_as_written()
    {
        var spec = FleetFileLoader.Load(Path.Combine(BuildPaths.RepoRoot, "deploy", "fleet.yaml"));

        Assert.Equal("house-lab", spec.Name);
        Assert.Equal(2000, spec.TotalDevices);
        Assert.Equal(500, spec.StartRate);
        var lamps = spec.Groups[0];
        Assert.Equal(("lamps", 1800, "sim-lamp", "1.4.2"), (lamps.Name, lamps.Count, lamps.Model, lamps.FirmwareVersion));
        Assert.Equal(TimeSpan.FromSeconds(30), lamps.TelemetryEvery);
        Assert.Equal(0.2, lamps.TelemetryJitter, 6);
        Assert.Equal(new FleetFault(FleetFaultKind.WifiLoss, 0.1, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(20)), Assert.Single(lamps.Faults));
        Assert.Equal(FleetFaultKind.BrokerOutage, Assert.Single(spec.Groups[1].Faults).Kind);
    }

    [Theory]
    [InlineData("groups:\n  - count: 5\n    colour: red\n", 3, "unknown key 'colour'")]
    [InlineData("groups:\n  - count: lots\n", 2, "expected a whole number from 1 to 50000")]
    [InlineData("groups:\n  - count: 60000\n", 2, "expected a whole number from 1 to 50000")]
    [InlineData("name: x\nfleet: 3\ngroups: []\n", 2, "unknown key 'fleet'")]
    [InlineData("groups: []\n", 1, "'groups' is empty")]
    [InlineData("groups:\n  - count: 5\n    telemetry: { every: soon }\n", 3, "'soon' is not a duration")]
    [InlineData("groups:\n  - count: 5\n    telemetry: { every: 1s, jitter: 150% }\n", 3, "'150%' is not a share")]
    [InlineData("groups:\n  - count: 5\n    faults:\n      - wifi_loss: { share: 10%, every: 1m, duration: 2m }\n", 4, "'duration' must be shorter than 'every'")]
    [InlineData("groups:\n  - count: 5\n    faults:\n      - meteor: { share: 10% }\n", 4, "unknown fault 'meteor'")]
    [InlineData("groups:\n  - name: a\n    count: 5\n  - name: a\n    count: 5\n", 4, "group name 'a' is used twice")]
    [InlineData("groups:\n  - count: 30000\n  - count: 30000\n", 3, "more than 50000 devices")]
    [InlineData("groups:\n  - count: 5\n    reconnect: { base: 10s, cap: 1s }\n", 3, "'cap' must be at least 'base'")]
    [InlineData("groups:\n  - count: 5\n    model: two words\n", 3, "printable characters without spaces")]
    [InlineData("groups: [\n", 2, "not valid YAML")]
    public void A_mistake_is_reported_with_file_line_and_what_was_expected(string yaml, int line, string problem)
    {
        var e = Assert.Throws<FleetFileException>(() => FleetFileLoader.Parse(yaml, "lab.yaml"));

        Assert.Equal(line, e.Line);
        Assert.StartsWith($"lab.yaml:{line}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }
}
