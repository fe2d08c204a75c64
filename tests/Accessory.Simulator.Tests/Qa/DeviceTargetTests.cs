using System.Text.RegularExpressions;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Qa;

/// <summary>
/// `accessory-sim test --target device`: a running `accessory-sim run` (a real process) stands in for a real board
/// reached at its SoftAP/HTTP address and local API; device actions are refused by name before anything runs.
/// </summary>
public sealed partial class DeviceTargetTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public void Phone_side_steps_run_against_a_device_reached_at_its_address()
    {
        using var dir = new TempDirectory();
        using var device = ChildProcess.Run(BuildPaths.SimulatorCli, "run", "--data-dir", Path.Combine(dir.Path, "device"), "--sec", "2", "--password", "s3cret-pass", "--http-port", "0", "--api-port", "0", "--control-port", "0", "--no-cloud", "--timing", "fast");
        Assert.True(device.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), Patience), device.AllOutput);
        string host = Address().Match(device.StdoutLines.First(l => l.StartsWith("provisioning: http://", StringComparison.Ordinal))).Value;
        string api = Address().Match(device.StdoutLines.First(l => l.StartsWith("local api: https://", StringComparison.Ordinal))).Value;
        string control = Address().Match(device.StdoutLines.First(l => l.Contains("control API http://", StringComparison.Ordinal))).Value;
        string scenario = Path.Combine(dir.Path, "board.yaml");
        File.WriteAllText(scenario, """
            name: a board already running
            device:
              security: 2
              password: s3cret-pass
            steps:
              - scan: {present: [HomeNetwork, MeshHome], absent: [Office5G]}
              - provision: {ssid: HomeNetwork, passphrase: "wrong passphrase", expect: AuthError}
              - provision: {ssid: HomeNetwork, passphrase: "correct horse battery", expect: Connected}
              - wait: {state: online}
              - api: {path: /api/v1/info, expect_status: 200, expect_json: {model: sim-lamp}}
            """);
        string junit = Path.Combine(dir.Path, "out.xml");

        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "test", scenario, "--target", "device", "--device-host", host, "--device-api", api, "--device-control", control, "--junit", junit);

        Assert.True(0 == cli.WaitForExit(Patience), cli.AllOutput);
        var testcase = Assert.Single(JUnitConsumer.Read(junit), c => c[0] != "SUITE");
        Assert.Equal("PASS", testcase[0]);
        Assert.Contains(cli.StdoutLines, l => l.Contains("[3/5] provision \"HomeNetwork\" expect Connected ... PASS", StringComparison.Ordinal));
        Assert.Contains(cli.StdoutLines, l => l.Contains("[4/5] wait online ... PASS", StringComparison.Ordinal));
        device.Interrupt();
        device.WaitForExit(Patience);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_token_file_lets_api_and_websocket_steps_act_as_the_paired_phone_and_without_it_they_are_refused()
    {
        using var dir = new TempDirectory();
        using var device = ChildProcess.Run(BuildPaths.SimulatorCli, "run", "--data-dir", Path.Combine(dir.Path, "device"), "--sec", "1", "--pop", "abcd1234", "--http-port", "0", "--api-port", "0", "--control-port", "0", "--no-cloud", "--timing", "fast");
        Assert.True(device.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), Patience), device.AllOutput);
        string host = Address().Match(device.StdoutLines.First(l => l.StartsWith("provisioning: http://", StringComparison.Ordinal))).Value;
        string api = Address().Match(device.StdoutLines.First(l => l.StartsWith("local api: https://", StringComparison.Ordinal))).Value;
        string control = Address().Match(device.StdoutLines.First(l => l.Contains("control API http://", StringComparison.Ordinal))).Value;
        string token = Path.Combine(dir.Path, "phone-token");
        string provisionAndUse = Path.Combine(dir.Path, "provision.yaml");
        File.WriteAllText(provisionAndUse, """
            name: the runner provisions the board and keeps the token it was given
            device: {security: 1, pop: abcd1234}
            steps:
              - provision: {ssid: HomeNetwork, passphrase: "correct horse battery", expect: Connected}
              - wait: {state: online}
              - api: {method: PUT, path: /api/v1/state, body: '{"on": true}', expect_status: 200}
              - websocket: {expect_events: [{type: state, state.on: "true"}]}
            """);
        string later = Path.Combine(dir.Path, "later.yaml");
        File.WriteAllText(later, """
            name: a later run with the saved token
            steps:
              - api: {path: /api/v1/state, expect_status: 200, expect_json: {on: "true"}}
            """);
        string[] reach = ["--target", "device", "--device-host", host, "--device-api", api, "--device-control", control];

        using (var first = ChildProcess.Run(BuildPaths.SimulatorCli, ["test", provisionAndUse, .. reach, "--device-token-file", token]))
        {
            Assert.True(0 == first.WaitForExit(Patience), first.AllOutput);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(token));
            Assert.DoesNotContain(File.ReadAllText(token).Trim(), first.AllOutput, StringComparison.Ordinal);
        }

        using (var again = ChildProcess.Run(BuildPaths.SimulatorCli, ["test", later, .. reach, "--device-token-file", token]))
        {
            Assert.True(0 == again.WaitForExit(Patience), again.AllOutput);
        }

        // Without the token the same step is refused by the device: the step fails and says how.
        using (var without = ChildProcess.Run(BuildPaths.SimulatorCli, ["test", later, .. reach]))
        {
            Assert.True(1 == without.WaitForExit(Patience), without.AllOutput);
            Assert.Contains(without.StdoutLines, l => l.Trim().StartsWith("actual:   HTTP 401", StringComparison.Ordinal));
        }

        // A token others can read is refused before anything runs.
        File.SetUnixFileMode(token, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using (var exposed = ChildProcess.Run(BuildPaths.SimulatorCli, ["test", later, .. reach, "--device-token-file", token]))
        {
            Assert.Equal(2, exposed.WaitForExit(Patience));
            Assert.Contains(exposed.StderrLines, l => l.Contains("other users may read or write it", StringComparison.Ordinal));
        }

        device.Interrupt();
        device.WaitForExit(Patience);
    }

    [Theory]
    [InlineData("  - fault: {set: \"ws.abort\"}", "step 'fault' cannot run on target device: a real board takes no device actions")]
    [InlineData("  - ap_loss: {duration: 1s}", "step 'ap_loss' cannot run on target device")]
    [InlineData("  - wait: {state: online}", "step 'wait' cannot run on target device: a real device's lifecycle state is only readable through a control API serving GET /status")]
    [InlineData("  - api: {path: /api/v1/info}", "step 'api' cannot run on target device: give the device's local API address with --device-api")]
    public void Device_actions_are_refused_by_name_before_anything_runs(string step, string message)
    {
        using var dir = new TempDirectory();
        string scenario = Path.Combine(dir.Path, "board.yaml");
        File.WriteAllText(scenario, "name: x\nsteps:\n  - provision: {ssid: HomeNetwork}\n" + step + "\n");

        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "test", scenario, "--target", "device", "--device-host", "127.0.0.1:1");

        Assert.Equal(2, cli.WaitForExit(Patience));
        Assert.Contains(cli.StderrLines, l => l.StartsWith("error: " + scenario + ":4: " + message, StringComparison.Ordinal));
        Assert.DoesNotContain(cli.StdoutLines, l => l.StartsWith("scenario ", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"127\.0\.0\.1:\d+")]
    private static partial Regex Address();
}
