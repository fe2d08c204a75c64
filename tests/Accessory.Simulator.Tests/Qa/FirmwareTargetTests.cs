using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Qa;

/// <summary>
/// `accessory-sim test --target firmware`: scenarios run against `run --body firmware` (the firmware's own code on
/// the emulated board) as a child process per case; what that body cannot do is refused by name before it starts.
/// </summary>
public sealed class FirmwareTargetTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    [Fact]
    public void The_sec1_happy_path_and_a_wrong_passphrase_retried_pass_on_the_firmware_body()
    {
        using var dir = new TempDirectory();
        // wrong-password-retry.yaml of the library is sec2, which the firmware does not offer: the same flow at sec1.
        string retry = Path.Combine(dir.Path, "wrong-password-sec1.yaml");
        File.WriteAllText(retry, """
            name: a wrong passphrase is AuthError and provisioning can be retried (sec1)
            device:
              security: 1
              pop: abcd1234
            steps:
              - provision: {ssid: HomeNetwork, passphrase: "not the passphrase", expect: AuthError}
              - wait: {state: provisioning}
              - provision: {ssid: HomeNetwork, passphrase: "correct horse battery", expect: Connected}
              - wait: {state: online}
              - api: {path: /api/v1/info, expect_status: 200}
            """);
        string junit = Path.Combine(dir.Path, "out.xml");
        string happy = Path.Combine(BuildPaths.RepoRoot, "scenarios", "happy-sec1-http.yaml");

        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "test", happy, retry, "--target", "firmware", "--junit", junit);

        Assert.True(0 == cli.WaitForExit(Patience), cli.AllOutput);
        var cases = JUnitConsumer.Read(junit).Where(c => c[0] != "SUITE").ToList();
        Assert.Equal(2, cases.Count);
        Assert.All(cases, c => Assert.Equal("PASS", c[0]));
        Assert.Contains(cli.StdoutLines, l => l.Contains("wait online ... PASS", StringComparison.Ordinal));
        Assert.DoesNotContain("not the passphrase", cli.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Holding_the_button_10_s_through_the_gpio_socket_resets_the_firmware_body_which_then_provisions_again()
    {
        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "button-reset.yaml");
        File.WriteAllText(file, """
            name: the BOOT button held 10 s is a factory reset on the firmware body
            device:
              security: 1
              pop: abcd1234
            steps:
              - provision: {ssid: HomeNetwork, passphrase: "correct horse battery", expect: Connected}
              - wait: {state: online}
              - button: {hold: 10500ms}
              - wait: {state: provisioning}
              - provision: {ssid: HomeNetwork, passphrase: "correct horse battery", expect: Connected}
              - wait: {state: online}
            """);

        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "test", file, "--target", "firmware");

        Assert.True(0 == cli.WaitForExit(Patience), cli.AllOutput);
        Assert.Contains(cli.StdoutLines, l => l.Contains("[3/6] button", StringComparison.Ordinal) && l.Contains("PASS", StringComparison.Ordinal));
        Assert.Contains(cli.StdoutLines, l => l.Contains("[4/6] wait provisioning ... PASS", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("  - fault: {set: mdns.silent}\n", ":7: step 'fault' cannot run on target firmware: faults are injected by the simulator's engines")]
    [InlineData("  - websocket: {path: /api/v1/ws, expect_events: [{type: state}]}\n", ":7: step 'websocket' cannot run on target firmware: the runner does not follow the firmware body's event stream yet")]
    [InlineData("  - provision: {transport: ble, ssid: HomeNetwork, passphrase: x, expect: Connected}\n", ":7: step 'provision' cannot run on target firmware: the runner does not drive the emulated board's BLE link yet")]
    public void A_step_the_firmware_body_cannot_take_is_refused_by_name_before_anything_starts(string step, string message)
    {
        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "refused.yaml");
        File.WriteAllText(file, "name: x\ndevice:\n  security: 1\n  pop: abcd1234\nsteps:\n  - wait: {state: provisioning}\n" + step);

        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "test", file, "--target", "firmware");

        Assert.True(2 == cli.WaitForExit(Patience), cli.AllOutput);
        Assert.Contains(cli.StderrLines, l => l.StartsWith("error: " + file + message, StringComparison.Ordinal));
        Assert.DoesNotContain(cli.StdoutLines, l => l.StartsWith("scenario ", StringComparison.Ordinal));
    }
}
