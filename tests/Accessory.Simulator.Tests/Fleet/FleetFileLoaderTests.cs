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
    [InlineData("groups:\n  - count: 20\n    provisioning:\n      http_port_base: 65530\n      security: 0\n", 4, "ports 65530..65549 for the group's 20 devices go past 65535; use an http_port_base of at most 65516")]
    [InlineData("groups:\n  - name: a\n    count: 10\n    provisioning: { http_port_base: 18000, security: 0 }\n  - name: b\n    count: 5\n    provisioning: { http_port_base: 18009, security: 0 }\n", 7, "ports 18009..18013 overlap group 'a' (18000..18009)")]
    [InlineData("groups:\n  - count: 5\n    provisioning: { http_port_base: 18000, security: 2, pop: abc }\n", 3, "a proof of possession is for security 1")]
    [InlineData("groups:\n  - count: 5\n    provisioning: { http_port_base: 18000, security: 0, password: abc }\n", 3, "username and password are for security 2")]
    [InlineData("groups:\n  - count: 5\n    provisioning:\n      http_port_base: 18000\n", 4, "security 2 needs 'password'")]
    [InlineData("groups:\n  - count: 5\n    provisioning: { http_port_base: 18000, security: 1, port: 80 }\n", 3, "unknown key 'port'")]
    [InlineData("groups:\n  - count: 5\n    provisioning:\n      http_port_base: 18000\n      security: 1\n      pop_env: ACCESSORY_TEST_NEVER_SET_4F1\n", 6, "the environment variable ACCESSORY_TEST_NEVER_SET_4F1 is not set")]
    [InlineData("groups:\n  - count: 5\n    provisioning: { http_port_base: 18000, security: 1, pop: a, pop_env: B }\n", 3, "give 'pop' or 'pop_env', not both")]
    [InlineData("groups:\n  - count: 5\n    provisioning: { http_port_base: 18000, security: 3 }\n", 3, "expected a whole number from 0 to 2")]
    [InlineData("groups:\n  - count: 5\n    provisioning: { http_port_base: 0, security: 0 }\n", 3, "expected a whole number from 1 to 65535")]
    [InlineData("groups:\n  - count: 5\n    provisioning: { security: 0 }\n", 3, "missing 'http_port_base'")]
    [InlineData("groups:\n  - count: 5\n    provisioning: { http_port_base: 18000, security: 0, bind: everywhere }\n", 3, "'bind' must be an IPv4 address")]
    [InlineData("groups:\n  - count: 5\n    provisioning: 18000\n", 3, "'provisioning' must be a mapping")]
    public void A_mistake_is_reported_with_file_line_and_what_was_expected(string yaml, int line, string problem)
    {
        var e = Assert.Throws<FleetFileException>(() => FleetFileLoader.Parse(yaml, "lab.yaml"));

        Assert.Equal(line, e.Line);
        Assert.StartsWith($"lab.yaml:{line}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_provisioning_group_reads_its_ports_security_and_secret()
    {
        var spec = FleetFileLoader.Parse("groups:\n  - count: 3\n  - name: boxed\n    count: 10\n    provisioning: { http_port_base: 18003, security: 2, username: lab, password: s3cret, bind: 0.0.0.0 }\n", "lab.yaml");

        Assert.Null(spec.Groups[0].Provisioning);
        var p = spec.Groups[1].Provisioning!;
        Assert.Equal((18003, 2, "lab", "s3cret", "0.0.0.0"), (p.HttpPortBase, p.Security, p.Username, p.Password, p.BindAddress.ToString()));
        Assert.Equal(18012, p.PortOf(9));
        Assert.DoesNotContain("s3cret", p.ToString(), StringComparison.Ordinal);
    }
}
