using Accessory.Simulator.Faults;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Faults;

public class FaultScenarioLoaderTests
{
    [Fact]
    public void The_shipped_ios_9816_example_aborts_after_one_response_and_refuses_for_5s_after_10s()
    {
        var specs = FaultScenarioLoader.Load(Path.Combine(BuildPaths.RepoRoot, "docs", "examples", "faults-ios-9816.yaml"));

        Assert.Equal(["tls.abort-without-close-notify", "server.outage:duration=5s,delay=10s"], specs.Select(s => s.ToString()));
        Assert.Equal(1, specs[0].GetInt("after"));
        Assert.Equal("refuse", specs[1].GetEnum("mode"));
    }

    [Fact]
    public void Specs_and_mappings_mix_in_one_list()
    {
        const string yaml = """
            # faults active from start
            faults:
              - tls.abort-without-close-notify:after=2
              - name: http.delay
                ms: 500
                path: /api/v1/state
              - name: http.vary
                vary: true
                cache-control: "max-age=60, private"
            """;

        var specs = FaultScenarioLoader.Parse(yaml, "s.yaml");

        Assert.Equal(
            ["tls.abort-without-close-notify:after=2", "http.delay:ms=500,path=/api/v1/state", "http.vary:vary=true,cache-control=\"max-age=60, private\""],
            specs.Select(s => s.ToString()));
    }

    [Fact]
    public void An_empty_list_means_no_faults()
    {
        Assert.Empty(FaultScenarioLoader.Parse("faults: []\n", "s.yaml"));
    }

    [Theory]
    [InlineData("faults:\n  - tls.nope\n", "s.yaml:2: unknown fault 'tls.nope' (known faults:")]
    [InlineData("faults:\n  - name: http.delay\n    ms: 500\n    pth: /x\n", "s.yaml:4: fault 'http.delay' has no parameter 'pth' (its parameters: ms, path)")]
    [InlineData("faults:\n  - name: http.delay\n    ms: lots\n", "s.yaml:3: fault 'http.delay': parameter 'ms' cannot be 'lots'; allowed: a whole number 0..600000")]
    [InlineData("faults:\n  - name: http.dlay\n", "s.yaml:2: unknown fault 'http.dlay'")]
    [InlineData("faults:\n  - ms: 5\n", "s.yaml:2: a fault written as a mapping needs 'name:'")]
    [InlineData("faults:\n  - name: http.delay\n    path: [a, b]\n", "s.yaml:3: 'path' must be a single value")]
    [InlineData("faults: http.delay\n", "s.yaml:1: 'faults' must be a list")]
    [InlineData("fault:\n  - http.delay\n", "s.yaml:1: unknown key 'fault' (expected: faults)")]
    [InlineData("- http.delay\n", "s.yaml:1: expected one YAML document holding a mapping with 'faults:'")]
    [InlineData("faults:\n  - ws.no-pong\n  - ws.no-pong\n", "s.yaml:3: fault 'ws.no-pong' is listed twice (first at line 2)")]
    [InlineData("faults:\n  - [ws.no-pong]\n", "s.yaml:2: a fault must be a spec string or a mapping")]
    [InlineData("faults: [\n", "s.yaml:")]
    [InlineData("other: 1\n", "s.yaml:1: unknown key 'other'")]
    [InlineData("{}\n", "s.yaml:1: missing 'faults:'")]
    public void Bad_files_name_the_file_the_line_and_the_problem(string yaml, string expected)
    {
        var e = Assert.Throws<FaultScenarioException>(() => FaultScenarioLoader.Parse(yaml, "s.yaml"));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_an_io_error()
    {
        using var dir = new TempDirectory();

        Assert.ThrowsAny<IOException>(() => FaultScenarioLoader.Load(Path.Combine(dir.Path, "none.yaml")));
    }
}
