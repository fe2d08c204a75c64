using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>
/// `accessory-sim bench mdns-browse` as a real process: bad input refused before anything starts, and a short real run
/// (50 instances, one round) in which the bench's phone finds and resolves every instance of both responders, ours all
/// named by its first browse query.
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

        int exit = bench.WaitForExit(TimeSpan.FromSeconds(400));
        string output = bench.AllOutput;
        Assert.True(exit == 0, $"bench mdns-browse exited {exit}:\n{output}");
        // Named by the first browse answer: the phone asks again after 1 s, 3 s, 7 s ..., so a responder leaving
        // instances out of its answers is still found complete after a later query, and the bench's "lost" counts
        // resolves only (planted, a quarter of the PTRs left out at random: "found 50/50, all found after 3111 ms,
        // 3 browse queries", exit 0). Ours named all 50 in 45-146 ms (8 rounds, load average 5-18); the second query
        // would go at 1 s.
        string? ours = bench.StdoutLines.FirstOrDefault(l => l.StartsWith("round 1 accessory:    ", StringComparison.Ordinal));
        Assert.True(
            ours != null && ours.StartsWith("round 1 accessory:    found 50/50, all found after ", StringComparison.Ordinal)
                && ours.Contains(" ms, 1 browse query; ", StringComparison.Ordinal) && ours.Contains("resolves answered 50/50, lost 0", StringComparison.Ordinal),
            "ours: not all 50 named by the first browse query and resolved:\n" + output);
        Assert.True(bench.StdoutLines.Any(l => l.StartsWith("round 1 avahi-daemon: found 50/50, all found after ", StringComparison.Ordinal) && l.Contains("resolves answered 50/50, lost 0", StringComparison.Ordinal)), output);
        Assert.Contains(bench.StdoutLines, l => l.StartsWith("accessory ", StringComparison.Ordinal) && l.Contains(" 50 [50..50] ", StringComparison.Ordinal));
    }
}
