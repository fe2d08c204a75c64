using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Mdns;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Qa;

/// <summary>
/// Each step kind added to the runner can fail: a one-step scenario written to fail is run by the built CLI, which
/// exits 1 and prints the step's expected and actual (the same text the JUnit and HTML reports carry), and no
/// namespace it made for the case is left behind.
/// </summary>
public sealed class StepFailureTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [ZeroconfFact]
    public void A_discover_step_that_expects_the_wrong_txt_fails_with_what_the_phone_saw()
    {
        var output = RunFailing("""
            name: discover written to fail
            device: {name: QA-Lamp, security: 0}
            steps:
              - discover: {instance: QA-Lamp, txt: {state: online}}
                timeout: 20s
            """);

        Assert.Contains("expected: QA-Lamp._accessory._tcp.local. state=online", output, StringComparison.Ordinal);
        // python3-zeroconf reports the instance as added, or as updated when its TXT changed while it was resolving.
        Assert.Matches(@"actual:   (added|updated) QA-Lamp\._accessory\._tcp\.local\. host qa-lamp\.local\.", output);
        Assert.Contains("state=provisioning]", output, StringComparison.Ordinal);
    }

    [ZeroconfFact]
    public void A_discover_step_that_expects_silence_from_a_speaking_responder_fails()
    {
        var output = RunFailing("""
            name: absent written to fail
            device: {name: QA-Lamp, security: 0}
            steps:
              - discover: {instance: QA-Lamp, expect: absent, within: 3s}
            """);

        Assert.Contains("expected: no answer for QA-Lamp._accessory._tcp.local. within 3 s", output, StringComparison.Ordinal);
        // zeroconf may resolve its "updated" report before its "added" one: either names the instance that answered.
        Assert.Matches(@"actual:   (added|updated) QA-Lamp\._accessory\._tcp\.local\. host qa-lamp\.local\.", output);
    }

    [ZeroconfFact]
    public void A_discover_step_for_an_instance_nobody_advertises_fails_listing_what_answered()
    {
        var output = RunFailing("""
            name: unknown instance written to fail
            device: {name: QA-Lamp, security: 0}
            steps:
              - discover: {instance: Other-Lamp}
                timeout: 10s
            """);

        Assert.Contains("Other-Lamp was not found over mDNS", output, StringComparison.Ordinal);
        // As in the test above, zeroconf may report the instance that answered as "updated" before "added" (a CI run
        // failed on "only added"; its transcript was cut, so the whole output is now shown when this fails).
        Assert.True(
            System.Text.RegularExpressions.Regex.IsMatch(output, @"actual:   only (added|updated) QA-Lamp\._accessory\._tcp\.local\."),
            "the failure does not list the instance that answered:\n" + output);
    }

    [Fact]
    public void An_improv_provision_expecting_connected_with_a_wrong_passphrase_fails_with_the_improv_error()
    {
        var output = RunFailing("""
            name: improv written to fail
            device: {security: 0}
            steps:
              - provision: {transport: improv, ssid: HomeNetwork, passphrase: "not the passphrase", expect: Connected}
            """);

        Assert.Contains("expected: outcome Connected", output, StringComparison.Ordinal);
        Assert.Contains("actual:   outcome UnableToConnect", output, StringComparison.Ordinal);
        Assert.DoesNotContain("not the passphrase", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Improv_credentials_before_the_button_authorizes_are_not_authorized()
    {
        var output = RunFailing("""
            name: improv authorization written to fail
            device: {security: 0, improv_authorization: true}
            steps:
              - provision: {transport: improv, ssid: HomeNetwork, passphrase: "correct horse battery", expect: Connected}
            """);

        Assert.Contains("actual:   outcome NotAuthorized", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_button_hold_shorter_than_the_factory_reset_hold_resets_nothing()
    {
        var output = RunFailing("""
            name: short hold written to fail
            device: {security: 0}
            steps:
              - provision: {ssid: HomeNetwork, passphrase: "correct horse battery", expect: Connected}
              - wait: {state: online}
              - button: {hold: 3s}
              - wait: {state: provisioning}
                timeout: 2s
            """);

        Assert.Contains("[3/4] button hold 3 s ... PASS", output, StringComparison.Ordinal);
        Assert.Contains("expected: state provisioning", output, StringComparison.Ordinal);
        Assert.Contains("actual:   state online", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_websocket_step_expecting_an_event_that_never_comes_fails_listing_the_events_seen()
    {
        var output = RunFailing("""
            name: websocket events written to fail
            device: {security: 0}
            steps:
              - provision: {ssid: HomeNetwork, passphrase: "correct horse battery", expect: Connected}
              - wait: {state: online}
              - websocket: {expect_events: [{type: state, state.on: "true"}]}
                timeout: 3s
            """);

        Assert.Contains("event 1 of 1 did not come", output, StringComparison.Ordinal);
        Assert.Contains("expected: {type: state, state.on: true}", output, StringComparison.Ordinal);
        Assert.Contains("actual:   {\"type\":\"state\",\"state\":{\"on\":false", output, StringComparison.Ordinal);
        Assert.Contains("still open at the step's timeout", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_websocket_step_expecting_a_close_code_fails_when_the_socket_dies_without_one()
    {
        var output = RunFailing("""
            name: websocket close written to fail
            device: {security: 0}
            steps:
              - provision: {ssid: HomeNetwork, passphrase: "correct horse battery", expect: Connected}
              - wait: {state: online}
              - fault: {set: "ws.abort:after=1"}
              - websocket: {expect_events: [{type: state}], expect_close: "1001"}
            """);

        Assert.Contains("expected: {type: state}, then close 1001", output, StringComparison.Ordinal);
        Assert.Contains(", then close none", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_telemetry_count_fails_naming_the_missing_seq_when_the_outage_outlasts_the_queue()
    {
        // 2 s at 100 ms is about 20 samples for a queue of 5: the oldest are dropped, and the count says which.
        var output = RunFailing("""
            name: telemetry written to fail
            device: {security: 0, broker: mosquitto, telemetry: 100ms, mqtt_queue: 5}
            steps:
              - provision: {ssid: HomeNetwork, passphrase: "correct horse battery", expect: Connected}
              - wait: {state: online}
              - telemetry: {watch: true}
              - telemetry: {at_least: 3, max_missing: 0}
              - broker_outage: {duration: 2s}
              - sleep: {duration: 2s}
              - telemetry: {at_least: 45, max_missing: 0}
                timeout: 6s
            """);

        Assert.Contains("expected: at least 45 distinct samples, at most 0 seq missing", output, StringComparison.Ordinal);
        Assert.Matches(@"actual:   \d+ distinct samples seq \d+\.\.\d+, \d+ duplicate\(s\), missing (1[0-9]|[2-9][0-9]): \d", output);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_discover_scenario_run_without_root_fails_before_it_starts_and_says_why()
    {
        using var dir = new TempDirectory();
        // Readable by the unprivileged user the runner is started as.
        File.SetUnixFileMode(dir.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        string scenario = Path.Combine(dir.Path, "mdns.yaml");
        File.WriteAllText(scenario, "name: discover as nobody\ndevice: {name: QA-Lamp, security: 0}\nsteps:\n  - discover: {instance: QA-Lamp}\n");
        File.SetUnixFileMode(scenario, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var start = new System.Diagnostics.ProcessStartInfo(NetworkNamespace.UnavailableReason == null ? "/usr/bin/setpriv" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (NetworkNamespace.UnavailableReason == null)
        {
            // As root the tests could make namespaces: drop to nobody, as a QA engineer without root runs it.
            foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/env", "HOME=" + dir.Path, "DOTNET_CLI_HOME=" + dir.Path, "dotnet" })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in new[] { BuildPaths.SimulatorCli, "test", scenario })
        {
            start.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(Patience);
        await process.WaitForExitAsync(patience.Token);
        string output = await stdout + await stderr;

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("FAIL: the device could not start: discover steps browse mDNS inside network namespaces the runner creates, and cannot here: network namespaces need root", output, StringComparison.Ordinal);
    }

    internal static string RunFailing(string yaml)
    {
        using var dir = new TempDirectory();
        string scenario = Path.Combine(dir.Path, "written-to-fail.yaml");
        File.WriteAllText(scenario, yaml);
        using var cli = ChildProcess.Run(BuildPaths.SimulatorCli, "test", scenario);
        Assert.True(1 == cli.WaitForExit(Patience), cli.AllOutput);
        Assert.Contains(cli.StdoutLines, l => l.Contains("... FAIL", StringComparison.Ordinal));
        if (NetworkNamespace.UnavailableReason == null)
        {
            Assert.False(NetworkNamespace.Exists($"acc-{cli.Pid}-1-dev"), "the case's device namespace is left behind");
            Assert.False(NetworkNamespace.Exists($"acc-{cli.Pid}-1-phone"), "the case's phone namespace is left behind");
        }

        return cli.AllOutput;
    }
}
