using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Qa;

/// <summary>
/// `accessory-sim test` as a QA engineer runs it (the built CLI as a child process): the whole scenario library
/// passes against the simulator; a scenario written to fail names the step, expected and actual on the terminal, in
/// the JUnit (read by python3-junitparser) and in the HTML (opened in headless chromium, screenshot kept); bad files
/// are file:line errors before anything starts; unavailable targets are refused by name.
/// </summary>
public sealed class ScenarioRunnerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private static string ScenarioFolder => Path.Combine(BuildPaths.RepoRoot, "scenarios");

    [Fact]
    public async Task The_scenario_library_passes_against_the_simulator_with_junit_and_html_reports()
    {
        using var dir = new TempDirectory();
        string junit = Path.Combine(dir.Path, "out.xml");
        string html = Path.Combine(dir.Path, "out.html");
        var files = Directory.GetFiles(ScenarioFolder, "*.yaml").Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 10, "the scenario library is missing");

        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, ["test", .. files, "--junit", junit, "--html", html]);

        Assert.True(0 == cli.WaitForExit(Patience), cli.AllOutput);
        var cases = JUnitConsumer.Read(junit);
        var suite = Assert.Single(cases, c => c[0] == "SUITE");
        var testcases = cases.Where(c => c[0] != "SUITE").ToList();
        Assert.All(testcases, c => Assert.Equal("PASS", c[0]));
        // One testcase per scenario, per matrix cell (BLE at three security levels) and per repeat block.
        Assert.Equal(files.Count + 2 + 1, testcases.Count);
        Assert.Equal(testcases.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), suite[2]);
        Assert.Contains(testcases, c => c[2].Contains("[security=2, transport=ble]", StringComparison.Ordinal));
        Assert.Contains(cli.StdoutLines, l => l.Contains("PASS", StringComparison.Ordinal) && l.Contains("provision", StringComparison.Ordinal) && l.Contains(" s)", StringComparison.Ordinal));

        var (text, rows, failedRows) = await HtmlReportBrowser.OpenAsync(html, "library.png");
        Assert.Equal(0, failedRows);
        Assert.True(rows >= 40, $"only {rows} timeline rows");
        Assert.Contains($"{testcases.Count} passed, 0 failed", text, StringComparison.Ordinal);
        Assert.Contains("POST /prov-session", text, StringComparison.Ordinal);
        Assert.Contains("outcome: Connected", text, StringComparison.Ordinal);
        // Faults and state changes as the control API's event stream reported them; waits answered by GET /status.
        Assert.Contains("event fault: fault set: ws.abort", text, StringComparison.Ordinal);
        Assert.Contains("event state: connecting -> online (connected)", text, StringComparison.Ordinal);
        Assert.Contains("GET /status -> state online", text, StringComparison.Ordinal);
        Assert.Contains("mdns < added", text, StringComparison.Ordinal);
        Assert.Contains("improv < state Provisioned", text, StringComparison.Ordinal);
        Assert.Contains("mqtt < accessory/", text, StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 200", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_scenario_names_the_step_expected_and_actual_in_the_terminal_the_junit_and_the_html()
    {
        using var dir = new TempDirectory();
        string scenario = Path.Combine(dir.Path, "wrong-expectation.yaml");
        await File.WriteAllTextAsync(scenario, """
            name: written to fail
            device:
              security: 0
            steps:
              - provision: {ssid: HomeNetwork, passphrase: "not the passphrase", expect: Connected}
              - wait: {state: online}
            """);
        string junit = Path.Combine(dir.Path, "out.xml");
        string html = Path.Combine(dir.Path, "out.html");

        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "test", scenario, "--junit", junit, "--html", html);

        Assert.True(1 == cli.WaitForExit(Patience), cli.AllOutput);
        Assert.Contains(cli.StdoutLines, l => l.Contains("[1/2] provision \"HomeNetwork\" expect Connected ... FAIL", StringComparison.Ordinal));
        Assert.Contains(cli.StdoutLines, l => l.Trim() == "expected: outcome Connected");
        Assert.Contains(cli.StdoutLines, l => l.Trim() == "actual:   outcome AuthError");
        Assert.Contains(cli.StdoutLines, l => l.Contains("[2/2] wait online ... SKIP", StringComparison.Ordinal));
        Assert.DoesNotContain("not the passphrase", cli.AllOutput, StringComparison.Ordinal);

        var testcase = Assert.Single(JUnitConsumer.Read(junit), c => c[0] != "SUITE");
        Assert.Equal("FAIL", testcase[0]);
        Assert.Contains("step 'provision \"HomeNetwork\" expect Connected' (line 5)", testcase[3], StringComparison.Ordinal);
        Assert.Contains("expected: outcome Connected", testcase[4], StringComparison.Ordinal);
        Assert.Contains("actual:   outcome AuthError", testcase[4], StringComparison.Ordinal);

        var (text, rows, failedRows) = await HtmlReportBrowser.OpenAsync(html, "failing.png");
        Assert.Equal(2, rows);
        Assert.Equal(1, failedRows);
        Assert.Contains("0 passed, 1 failed", text, StringComparison.Ordinal);
        Assert.Contains("expected: outcome Connected", text, StringComparison.Ordinal);
        Assert.Contains("actual: outcome AuthError", text.Replace("actual:   ", "actual: ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("status: ConnectionFailed (AuthError)", text.Replace("status:    ", "status: ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name: x\nsteps:\n  - provision: {ssid: A, expekt: Connected}\n", ":3: unknown key 'expekt'")]
    [InlineData("name: x\ndevice:\n  security: high\nsteps:\n  - wait: {state: online}\n", ":3: expected a whole number from 0 to 2")]
    [InlineData("name: x\nsteps:\n  - scan: {present: [A]}\n  - api: {path: /x}\n    timeout: soon\n", ":5: 'soon' is not a duration")]
    [InlineData("name: x\nsteps:\n  - mqtt: {topic: availability}\n", ":3: missing 'expect'")]
    [InlineData("steps:\n  - reboot:\n", ":1: missing 'name'")]
    [InlineData("name: x\nsteps:\n  - fault: {set: \"no.such-fault\"}\n", ":3: unknown fault 'no.such-fault' (known faults: tls.abort-without-close-notify,")]
    public void A_bad_scenario_file_is_a_file_and_line_error_before_anything_starts(string yaml, string message)
    {
        using var dir = new TempDirectory();
        string good = Path.Combine(ScenarioFolder, "happy-sec0-http.yaml");
        string bad = Path.Combine(dir.Path, "bad.yaml");
        File.WriteAllText(bad, yaml);

        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "test", good, bad);

        Assert.Equal(2, cli.WaitForExit(Patience));
        Assert.Contains(cli.StderrLines, l => l.StartsWith("error: " + bad + message, StringComparison.Ordinal));
        Assert.DoesNotContain(cli.StdoutLines, l => l.StartsWith("scenario ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("firmware", "happy-sec0-http.yaml: device security: the firmware offers sec1 only")]
    [InlineData("device", "target device needs --device-host HOST:PORT")]
    public void A_sec0_scenario_on_the_firmware_target_and_a_device_target_without_an_address_are_refused(string target, string message)
    {
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "test", Path.Combine(ScenarioFolder, "happy-sec0-http.yaml"), "--target", target);

        Assert.Equal(2, cli.WaitForExit(Patience));
        Assert.Contains(cli.StderrLines, l => l.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Ctrl_C_ends_the_running_step_as_interrupted_and_still_writes_the_reports()
    {
        using var dir = new TempDirectory();
        string scenario = Path.Combine(dir.Path, "long.yaml");
        File.WriteAllText(scenario, "name: long\ndevice:\n  security: 0\nsteps:\n  - sleep: {duration: 60s}\n    timeout: 90s\n  - wait: {state: online}\n");
        string junit = Path.Combine(dir.Path, "out.xml");
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "test", scenario, scenario, "--junit", junit);
        Assert.True(cli.WaitForLine(l => l.StartsWith("scenario long", StringComparison.Ordinal), Patience), cli.AllOutput);
        Thread.Sleep(500);

        cli.Interrupt();

        Assert.Equal(130, cli.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Contains(cli.StdoutLines, l => l.Contains("[1/2] sleep 60000 ms ... FAIL", StringComparison.Ordinal));
        Assert.Contains(cli.StdoutLines, l => l.Trim() == "interrupted (Ctrl+C)");
        var testcase = Assert.Single(JUnitConsumer.Read(junit), c => c[0] != "SUITE");
        Assert.Equal("FAIL", testcase[0]);
        Assert.Contains("interrupted", testcase[3], StringComparison.Ordinal);
    }
}
