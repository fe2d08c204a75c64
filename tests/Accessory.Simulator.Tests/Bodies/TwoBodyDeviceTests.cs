using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Mdns;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Bodies;

/// <summary>
/// One suite, two bodies: each case starts `accessory-sim run --body simulator` or `--body firmware` (the
/// firmware's own code on the emulated nanoFramework board) as a child process and checks it through real clients:
/// docs/examples/provision.py as the phone, curl for the local API, mosquitto and mosquitto_sub for the cloud, the
/// CLI's board command for the button. Where a case cannot apply to a body, its row is skipped with the reason.
/// docs/fidelity.md carries the table.
/// </summary>
public sealed partial class TwoBodyDeviceTests
{
    [Theory]
    [InlineData("simulator")]
    [InlineData("firmware")]
    public void Provisions_over_http_with_provision_py_and_then_serves_the_local_api(string body)
    {
        using var data = new TempDirectory();
        using var device = RunningBody.Start(body, data.Path);
        string tokenFile = Path.Combine(data.Path, "phone.token");

        device.ProvisionHomeUntilOnline(tokenFile);
        var (status, info) = device.Api("/api/v1/info");
        Assert.Equal(200, status);
        Assert.Contains("\"id\":\"" + device.DeviceId + "\"", info, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"online\"", info, StringComparison.Ordinal);
        var (refused, _) = device.Api("/api/v1/state");
        Assert.Equal(401, refused);
        var (allowed, state) = device.Api("/api/v1/state", File.ReadAllText(tokenFile).Trim());
        Assert.Equal(200, allowed);
        Assert.Contains("\"on\":", state, StringComparison.Ordinal);
        device.Stop();
    }

    [Theory]
    [InlineData("simulator")]
    [InlineData("firmware")]
    public void A_wrong_proof_of_possession_is_refused_and_the_device_stays_up(string body)
    {
        using var data = new TempDirectory();
        using var device = RunningBody.Start(body, data.Path);

        var (exit, output) = device.Provision("--pop", "not-the-pop", "--ssid", "HomeNetwork", "--passphrase", "correct horse battery");

        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("Connected", output, StringComparison.Ordinal);
        Assert.False(device.Process.HasExited, device.Process.AllOutput);
        device.ProvisionHome(Path.Combine(data.Path, "phone.token"));
        device.Stop();
    }

    [Theory]
    [InlineData("simulator", "HomeNetwork", "wrong passphrase", "AuthError")]
    [InlineData("firmware", "HomeNetwork", "wrong passphrase", "AuthError")]
    [InlineData("simulator", "NoSuchNetwork", "whatever-it-is", "NetworkNotFound")]
    [InlineData("firmware", "NoSuchNetwork", "whatever-it-is", "NetworkNotFound")]
    public void A_failed_join_is_reported_with_its_reason(string body, string ssid, string passphrase, string reason)
    {
        using var data = new TempDirectory();
        using var device = RunningBody.Start(body, data.Path);

        var (_, output) = device.Provision("--pop", device.Pop, "--ssid", ssid, "--passphrase", passphrase);

        Assert.Contains("\"state\": \"ConnectionFailed\"", output, StringComparison.Ordinal);
        Assert.Contains(reason, output, StringComparison.Ordinal);
        device.Stop();
    }

    [Theory]
    [InlineData("simulator")]
    [InlineData("firmware")]
    public void A_scan_lists_the_audible_networks_and_not_the_5_ghz_one(string body)
    {
        using var data = new TempDirectory();
        using var device = RunningBody.Start(body, data.Path);

        var (exit, output) = device.Provision("--pop", device.Pop, "--scan");

        Assert.True(exit == 0, output);
        Assert.Contains("HomeNetwork", output, StringComparison.Ordinal);
        Assert.Contains("CafeGuest", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Office5G", output, StringComparison.Ordinal);
        Assert.DoesNotContain("HiddenLab", output, StringComparison.Ordinal);
        device.Stop();
    }

    [Theory]
    [InlineData("simulator")]
    [InlineData("firmware")]
    public void Goes_online_on_mosquitto_with_a_retained_online_availability(string body)
    {
        using var broker = new Mosquitto();
        using var data = new TempDirectory();
        using var device = RunningBody.Start(body, data.Path, broker.Port);
        device.ProvisionHomeUntilOnline(Path.Combine(data.Path, "phone.token"));

        using var subscriber = new MosquittoSubscriber(broker.Port, "accessory/" + device.DeviceId + "/availability", 1, 20, retainedOnly: false);
        var payloads = subscriber.Collect(20);

        Assert.True(payloads.Count == 1 && payloads[0].Contains("online", StringComparison.Ordinal), $"availability: [{string.Join(", ", payloads)}]\n{subscriber.Transcript}\n{device.Process.AllOutput}");
        device.Stop();
    }

    [Theory]
    [InlineData("simulator")]
    [InlineData("firmware")]
    public void Settings_survive_a_restart(string body)
    {
        using var data = new TempDirectory();
        string deviceId;
        using (var first = RunningBody.Start(body, data.Path))
        {
            first.ProvisionHomeUntilOnline(Path.Combine(data.Path, "phone.token"));
            deviceId = first.DeviceId;
            first.Stop();
        }

        using var second = RunningBody.Start(body, data.Path);

        Assert.True(second.WaitForLog("-> online", RunningBody.Patience), second.Process.AllOutput);
        Assert.Equal(string.Empty, second.Endpoint);
        Assert.Equal(deviceId, second.DeviceId);
        var (status, info) = second.Api("/api/v1/info");
        Assert.Equal(200, status);
        Assert.Contains("\"state\":\"online\"", info, StringComparison.Ordinal);
        second.Stop();
    }

    [Theory]
    [InlineData("simulator")]
    [InlineData("firmware")]
    public void Holding_the_button_10_s_resets_to_factory_and_the_device_provisions_again(string body)
    {
        using var data = new TempDirectory();
        using var device = RunningBody.Start(body, data.Path);
        device.ProvisionHomeUntilOnline(Path.Combine(data.Path, "phone.token"));

        using (var hold = ChildProcess.Run(BuildPaths.SimulatorCli, "board", "button", "hold", "10.5", "--data-dir", data.Path))
        {
            Assert.Equal(0, hold.WaitForExit(TimeSpan.FromSeconds(30)));
        }

        Assert.True(device.WaitForLog("(factory-reset)", RunningBody.Patience), device.Process.AllOutput);
        // After the reboot the device offers provisioning again, with the same label PoP (kept like the MAC).
        Assert.True(device.WaitForLog("provisioning started", RunningBody.Patience, occurrences: 2), device.Process.AllOutput);
        device.ProvisionHome(Path.Combine(data.Path, "phone-again.token"));
        device.Stop();
    }

    [Theory]
    [InlineData("simulator")]
    [InlineData("firmware")]
    public void A_short_button_press_is_not_a_factory_reset(string body)
    {
        using var data = new TempDirectory();
        using var device = RunningBody.Start(body, data.Path);
        device.ProvisionHomeUntilOnline(Path.Combine(data.Path, "phone.token"));

        using (var press = ChildProcess.Run(BuildPaths.SimulatorCli, "board", "button", "hold", "3", "--data-dir", data.Path))
        {
            Assert.Equal(0, press.WaitForExit(TimeSpan.FromSeconds(30)));
        }

        Thread.Sleep(1000);
        Assert.False(device.WaitForLog("(factory-reset)", TimeSpan.FromSeconds(1)), device.Process.AllOutput);
        var (status, _) = device.Api("/api/v1/info");
        Assert.Equal(200, status);
        device.Stop();
    }

    [Theory]
    [InlineData("simulator")]
    [InlineData("firmware")]
    public void The_status_led_blinks_while_unprovisioned_and_is_steady_on_once_online(string body)
    {
        using var data = new TempDirectory();
        using var device = RunningBody.Start(body, data.Path);

        // Unprovisioned: a slow blink (1 s on, 1 s off); reads a few hundred ms apart soon see both.
        var seen = new HashSet<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (seen.Count < 2 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            seen.Add(ReadLed(data.Path));
            Thread.Sleep(150);
        }

        Assert.Equal(new[] { "off", "on" }, seen.Order(StringComparer.Ordinal));
        device.ProvisionHomeUntilOnline(Path.Combine(data.Path, "phone.token"));
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal("on", ReadLed(data.Path));
            Thread.Sleep(150);
        }

        device.Stop();
        // A stopped device answers no more: the board command says so instead of guessing a level.
        using var after = ChildProcess.Run(BuildPaths.SimulatorCli, "board", "led", "--data-dir", data.Path);
        Assert.Equal(1, after.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Contains("error: ", after.AllOutput, StringComparison.Ordinal);
    }

    private static string ReadLed(string dataDirectory)
    {
        using var led = ChildProcess.Run(BuildPaths.SimulatorCli, "board", "led", "--data-dir", dataDirectory);
        Assert.True(led.WaitForExit(TimeSpan.FromSeconds(30)) == 0, led.AllOutput);
        return led.StdoutLines.Single().Trim();
    }

    [ZeroconfTheory]
    [InlineData("simulator")]
    [InlineData("firmware")]
    public void Once_online_a_phone_on_the_lan_discovers_it_with_python3_zeroconf(string body)
    {
        // Two namespaces on one bridge (unique names, removed when disposed, also on failure): nothing is multicast
        // on the machine's real interfaces.
        using var lan = LanSegment.Create("device", "phone");
        using var data = new TempDirectory();
        using var device = RunningBody.Start(body, data.Path, lanHost: lan["device"], phoneNamespace: lan["phone"].Namespace.Name);
        device.ProvisionHomeUntilOnline(Path.Combine(data.Path, "phone.token"));

        using var browser = ZeroconfBrowser.Start(lan["phone"].Namespace, "_accessory._tcp.local.", TimeSpan.FromSeconds(30));
        var found = browser.WaitForResolved(device.Name, TimeSpan.FromSeconds(25));

        Assert.True(found != null, browser.Transcript + "\n" + device.Process.AllOutput);
        Assert.Contains(lan["device"].IPv4.ToString(), found!.Addresses);
        Assert.Equal(int.Parse(device.ApiBase[(device.ApiBase.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture), found.Port);
        Assert.Equal(device.DeviceId, found.Txt["id"]);
        Assert.Equal("online", found.Txt["state"]);
        device.Stop();
    }
}
