using System.Text.RegularExpressions;
using Accessory.Simulator.Tests.Faults;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>
/// What QA types: `accessory-sim run --fault ...` as a real process, the local API checked with curl, and the fault
/// switched off at run time with `accessory-sim faults clear` through the control API.
/// </summary>
public sealed partial class RunWithFaultsCliTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_fault_given_at_start_is_served_until_the_faults_command_clears_it()
    {
        using var data = DeviceCloudEndToEndTests.ProvisionedDevice(out _);
        using var sim = ChildProcess.Run(
            BuildPaths.SimulatorCli, "run", "--data-dir", data.Path, "--timing", "fast", "--no-provisioning", "--no-cloud",
            "--api-port", "0", "--api-http-port", "0", "--control-port", "0", "--fault", "http.status:code=502,retry-after=5");
        Assert.True(sim.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), Patience), sim.AllOutput);
        var api = Assert.Single(sim.StdoutLines, l => l.StartsWith("local api:", StringComparison.Ordinal));
        var faults = Assert.Single(sim.StdoutLines, l => l.StartsWith("faults:", StringComparison.Ordinal));
        Assert.Contains("active: http.status:code=502,retry-after=5", faults, StringComparison.Ordinal);
        string https = HttpsUrl().Match(api).Value;
        string trust = api[(api.IndexOf("trust ", StringComparison.Ordinal) + 6)..];
        string control = ControlPort().Match(faults).Groups[1].Value;
        Assert.True(WaitForOnline(sim), sim.AllOutput);

        var failing = await CurlProcess.RunAsync("--cacert", trust, "--include", https.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        Assert.Equal(0, failing.ExitCode);
        Assert.StartsWith("HTTP/1.1 502", failing.Stdout, StringComparison.Ordinal);
        Assert.Contains("Retry-After: 5", failing.Stdout, StringComparison.Ordinal);

        using var clear = ChildProcess.Run(BuildPaths.SimulatorCli, "faults", "clear", "http.status", "--control-port", control);
        Assert.Equal(0, clear.WaitForExit(Patience));

        var (status, body) = Curl.Run("--cacert", trust, https.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        Assert.Equal(200, status);
        Assert.Contains("\"state\":\"online\"", body, StringComparison.Ordinal);
        sim.Interrupt();
        Assert.Equal(0, sim.WaitForExit(Patience));
    }

    [Fact]
    public void A_bad_fault_spec_stops_the_start_with_a_specific_error()
    {
        using var data = new TempDirectory();
        using var sim = ChildProcess.Run(BuildPaths.SimulatorCli, "run", "--data-dir", data.Path, "--api-port", "0", "--control-port", "0", "--fault", "tls.chain:variant=rotten");

        Assert.Equal(2, sim.WaitForExit(Patience));
        Assert.Contains("variant", sim.AllOutput, StringComparison.Ordinal);
        Assert.Contains("rotten", sim.AllOutput, StringComparison.Ordinal);
    }

    // The state line is logged on stderr, which ChildProcess does not wait on; the log says it anyway.
    private static bool WaitForOnline(ChildProcess sim)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (sim.StderrLines.Any(l => l.Contains("-> online", StringComparison.Ordinal)))
            {
                return true;
            }

            Thread.Sleep(20);
        }

        return false;
    }

    [GeneratedRegex(@"https://127\.0\.0\.1:\d+/api/v1/info")]
    private static partial Regex HttpsUrl();

    [GeneratedRegex(@"http://127\.0\.0\.1:(\d+)/faults")]
    private static partial Regex ControlPort();
}
