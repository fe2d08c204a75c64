using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>
/// `accessory-sim bench mdns-browse` as a real process: bad input refused before anything starts, and a short real run
/// (50 instances, one round) in which the bench's phone finds and resolves every instance of both responders.
/// </summary>
public sealed class MdnsBrowseBenchTests
{
    [Theory]
    [InlineData("--instances", "0")]
    [InlineData("--instances", "10001")]
    [InlineData("--rounds", "0")]
    [InlineData("--rounds", "21")]
    public void Bad_input_is_refused_before_anything_starts(string option, string value)
    {
        using var bench = ChildProcess.Run(BuildPaths.SimulatorCli, ["bench", "mdns-browse", option, value]);

        Assert.Equal(2, bench.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains(bench.StderrLines, l => l == "error: --instances 1..10000, --rounds 1..20");
        Assert.DoesNotContain(bench.StdoutLines, l => l.StartsWith("workload: ", StringComparison.Ordinal));
    }

    [ZeroconfFact(NeedsAvahi = true)]
    public void A_short_run_finds_and_resolves_every_instance_of_both_responders()
    {
        using var bench = ChildProcess.Run(BuildPaths.SimulatorCli, ["bench", "mdns-browse", "--instances", "50", "--rounds", "1"]);

        Assert.Equal(0, bench.WaitForExit(TimeSpan.FromSeconds(400)));
        string output = bench.AllOutput;
        Assert.Contains(bench.StdoutLines, l => l.StartsWith("round 1 accessory:    found 50/50, all found after ", StringComparison.Ordinal) && l.Contains("resolves answered 50/50, lost 0", StringComparison.Ordinal));
        Assert.True(bench.StdoutLines.Any(l => l.StartsWith("round 1 avahi-daemon: found 50/50, all found after ", StringComparison.Ordinal) && l.Contains("resolves answered 50/50, lost 0", StringComparison.Ordinal)), output);
        Assert.Contains(bench.StdoutLines, l => l.StartsWith("accessory ", StringComparison.Ordinal) && l.Contains(" 50 [50..50] ", StringComparison.Ordinal));
    }
}
