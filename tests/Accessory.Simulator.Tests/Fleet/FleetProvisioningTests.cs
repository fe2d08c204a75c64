using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Accessory.Simulator.Fleet;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;
using CoreLogLevel = Accessory.Core.Ports.LogLevel;

namespace Accessory.Simulator.Tests.Fleet;

/// <summary>
/// A fleet group that starts unprovisioned: each device waits on its own loopback port with the core's provisioning
/// endpoints, real phone-side clients (`accessory-sim provision` as a process, docs/examples/provision.py with
/// Debian's Python) provision some of them over real HTTP, and Debian's mosquitto_sub sees exactly those come online.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class FleetProvisioningTests
{
    private const string Pop = "fleet-pop-7Qx2";
    private const string HomePassphrase = "correct horse battery";
    private const string NotAdvertisingJson = """{"advertised":false,"why":"fleet not advertising"}""";
    private const string NotAdvertisingTotalsJson = """{"advertised":0,"not_advertised":6,"why":"fleet not advertising: neither --mdns-interface nor mdns: { interface } in the fleet file"}""";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Of_twenty_unprovisioned_devices_exactly_the_three_provisioned_over_http_come_online()
    {
        const int Count = 20;
        using var broker = new Mosquitto();
        int portBase = FreePortBlock(Count);
        var spec = new FleetSpec
        {
            Name = "prov",
            StartRate = 0,
            Groups =
            [
                new FleetGroup
                {
                    Name = "boxed",
                    Count = Count,
                    TelemetryEvery = TimeSpan.Zero,
                    Provisioning = new FleetProvisioning { HttpPortBase = portBase, Security = 1, ProofOfPossession = Pop },
                },
            ],
        };
        var logLines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var live = new MosquittoRecorder(broker.Port, false, "accessory/+/availability");
        live.WaitUntilSubscribed();
        await using var run = await FleetRun.CreateAsync(spec, broker.Uri, new FleetLog(CoreLogLevel.Debug, logLines.Enqueue));
        await run.StartAsync(CancellationToken.None);
        Assert.True(await Eventually.TrueAsync(() => run.Devices.All(d => d.Provisioning is { State: "waiting", Listening: true }), Patience),
            string.Join(", ", run.Devices.Select(d => d.Provisioning?.State)));
        Assert.Equal(Enumerable.Range(portBase, Count), run.Devices.Select(d => d.Provisioning!.Port));
        Assert.Equal(Count, run.Snapshot().Unprovisioned);

        // A wrong passphrase: the device reports the failed join like a single device, stays unprovisioned and listening.
        using (var wrong = Provision(portBase + 7, Pop, "not-the-passphrase"))
        {
            Assert.Equal(1, wrong.WaitForExit(Patience));
            Assert.Contains("status:    ConnectionFailed (AuthError)", wrong.StdoutLines);
            Assert.Contains("outcome:   AuthError", wrong.StdoutLines);
        }

        // A wrong proof of possession: the session is refused at the proof.
        using (var refused = Provision(portBase + 8, "not-the-pop", HomePassphrase))
        {
            Assert.Equal(1, refused.WaitForExit(Patience));
            Assert.Contains("outcome:   SessionRefused", refused.StdoutLines);
        }

        Assert.Equal("failed", run.Devices[7].Provisioning!.State);
        Assert.True(run.Devices[7].Provisioning!.Listening);

        // Three devices provisioned at the same time, as three phones would: two by the simulator's phone client,
        // one by the esp_prov-style Python script.
        int[] chosen = [3, 11, 17];
        var phones = chosen[..2].Select(i => Provision(portBase + i, Pop, HomePassphrase)).ToList();
        try
        {
            var (exit, output) = ProvisionWithPython(portBase + chosen[2], Pop, HomePassphrase);
            Assert.True(exit == 0 && output.Contains("\"state\": \"Connected\"", StringComparison.Ordinal), output);
            foreach (var right in phones)
            {
                Assert.True(right.WaitForExit(Patience) == 0, right.AllOutput);
                Assert.Contains("outcome:   Connected", right.StdoutLines);
            }
        }
        finally
        {
            phones.ForEach(p => p.Dispose());
        }

        var expected = chosen.Select(i => run.Devices[i].DeviceId).ToHashSet(StringComparer.Ordinal);
        Assert.True(await Eventually.TrueAsync(() => live.Devices("/availability", p => p == "online").SetEquals(expected), Patience),
            "online: " + string.Join(",", live.Devices("/availability", p => p == "online")) + "; fleet " + run.Snapshot());

        // As ESP-IDF after success, each provisioned device stops its HTTP server: its port refuses connections.
        Assert.True(await Eventually.TrueAsync(() => chosen.All(i => run.Devices[i].Provisioning is { State: "provisioned", Listening: false }), Patience));
        foreach (int i in chosen)
        {
            var e = Assert.Throws<SocketException>(() => new TcpClient().Connect(IPAddress.Loopback, portBase + i));
            Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
        }

        // The others stay unprovisioned; give them time to do anything they should not.
        await Task.Delay(3000);
        using (var retained = new MosquittoRecorder(broker.Port, true, "accessory/+/availability", "accessory/+/state"))
        {
            Assert.True(await Eventually.TrueAsync(() => retained.Devices("/state", _ => true).SetEquals(expected), Patience),
                "retained state from " + string.Join(",", retained.Devices("/state", _ => true)));
            Assert.Equal(expected, retained.Devices("/availability", p => p == "online"));
        }

        Assert.Equal(expected, live.Devices("/availability", _ => true));
        var s = run.Snapshot();
        Assert.Equal((3, 3, Count - 3), (s.Connected, s.EverConnected, s.Unprovisioned));
        Assert.All(run.Devices.Where((_, i) => !chosen.Contains(i)), d => Assert.True(d.Provisioning!.Listening && !d.IsConnected, d.DeviceId + " " + d.Provisioning!.State));

        // The proof of possession and the passphrases never reach the log (which ran at Debug level).
        Assert.NotEmpty(logLines);
        Assert.DoesNotContain(logLines, l => l.Contains(Pop, StringComparison.Ordinal) || l.Contains(HomePassphrase, StringComparison.Ordinal) || l.Contains("not-the-passphrase", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_provisioning_port_held_by_another_program_fails_the_fleet_before_it_starts_and_frees_the_others()
    {
        int portBase = FreePortBlock(5);
        using var holder = new TcpListener(IPAddress.Loopback, portBase + 3);
        holder.Start();
        var spec = new FleetSpec { Groups = [new FleetGroup { Count = 5, Provisioning = new FleetProvisioning { HttpPortBase = portBase, Security = 0 } }] };

        var e = await Assert.ThrowsAsync<FleetPortException>(() => FleetRun.CreateAsync(spec, Accessory.Simulator.Mqtt.BrokerUri.Parse("mqtt://127.0.0.1:1"), new FleetLog(CoreLogLevel.Warning, null)));

        Assert.Equal(portBase + 3, e.Port);
        Assert.Contains($"127.0.0.1:{portBase + 3}", e.Message, StringComparison.Ordinal);
        Assert.Contains(FleetDevice.DeviceIdOf(3), e.Message, StringComparison.Ordinal);
        using var again = new TcpListener(IPAddress.Loopback, portBase);
        again.Start();
    }

    [Fact]
    public void The_fleet_command_lists_provisioning_state_and_port_on_its_control_api_and_takes_the_sec2_password_from_the_environment()
    {
        using var broker = new Mosquitto();
        using var dir = new TempDirectory("fleet-prov");
        int portBase = FreePortBlock(4);
        string file = Path.Combine(dir.Path, "prov.yaml");
        File.WriteAllText(file, $"""
            groups:
              - name: ready
                count: 2
                telemetry: {"{"} every: off {"}"}
              - name: boxed
                count: 4
                telemetry: {"{"} every: off {"}"}
                provisioning:
                  http_port_base: {portBase}
                  security: 2
                  username: lab
                  password_env: FLEET_TEST_PASSWORD
            """);
        using var sim = new ChildProcess(BuildPaths.SimulatorCli, ["fleet", "--file", file, "--broker", broker.Uri.ToString(), "--control-port", "0", "--duration", "120"], new Dictionary<string, string> { ["FLEET_TEST_PASSWORD"] = Pop });
        Assert.True(sim.WaitForLine(l => l.StartsWith("control: http://", StringComparison.Ordinal), Patience), sim.AllOutput);
        string control = ControlAddress().Match(sim.StdoutLines.First(l => l.StartsWith("control: http://", StringComparison.Ordinal))).Value;
        Assert.Contains(sim.StdoutLines, l => l.StartsWith($"provisioning: group boxed: 4 devices", StringComparison.Ordinal) && l.Contains($"127.0.0.1:{portBase}..{portBase + 3}", StringComparison.Ordinal));
        Assert.True(sim.WaitForLine(l => l.Contains("all 2 provisioned devices connected", StringComparison.Ordinal), Patience), sim.AllOutput);

        var before = Devices(control);
        Assert.All(before.Take(2), d => Assert.Equal(JsonValueKind.Null, d.GetProperty("provisioning").ValueKind));
        Assert.Equal(Enumerable.Range(portBase, 4), before.Skip(2).Select(d => d.GetProperty("provisioning").GetProperty("port").GetInt32()));
        Assert.All(before.Skip(2), d => Assert.Equal("waiting", d.GetProperty("provisioning").GetProperty("state").GetString()));
        // No interface anywhere: every device says why it is not advertised, and the totals say so once.
        Assert.All(before, d => Assert.Equal(NotAdvertisingJson, d.GetProperty("mdns").GetRawText()));
        using (var fleet = JsonDocument.Parse(Get(control, "/fleet")))
        {
            Assert.Equal(NotAdvertisingTotalsJson, fleet.RootElement.GetProperty("mdns").GetRawText());
        }

        using (var wrongUser = ChildProcess.Run(BuildPaths.SimulatorCli, "provision", "--host", $"127.0.0.1:{portBase + 2}", "--sec", "2", "--username", "wifiprov", "--password", Pop, "--ssid", "HomeNetwork", "--passphrase", HomePassphrase))
        {
            Assert.Equal(1, wrongUser.WaitForExit(Patience));
            Assert.Contains("outcome:   SessionRefused", wrongUser.StdoutLines);
        }

        using (var right = ChildProcess.Run(BuildPaths.SimulatorCli, "provision", "--host", $"127.0.0.1:{portBase + 1}", "--sec", "2", "--username", "lab", "--password", Pop, "--ssid", "HomeNetwork", "--passphrase", HomePassphrase))
        {
            Assert.True(right.WaitForExit(Patience) == 0, right.AllOutput + "\n" + sim.AllOutput);
        }

        JsonElement[] after = [];
        Assert.True(SpinWait.SpinUntil(() => (after = Devices(control))[3].GetProperty("connected").GetBoolean() && !after[3].GetProperty("provisioning").GetProperty("listening").GetBoolean(), Patience), sim.AllOutput);
        Assert.Equal("provisioned", after[3].GetProperty("provisioning").GetProperty("state").GetString());
        Assert.Equal("online", after[3].GetProperty("state").GetString());
        Assert.Equal(["waiting", "waiting", "waiting"], new[] { 2, 4, 5 }.Select(i => after[i].GetProperty("provisioning").GetProperty("state").GetString()));
        string page = Get(control, "/");
        Assert.Contains($"<td>{FleetDevice.DeviceIdOf(2)}</td><td>boxed</td>", page, StringComparison.Ordinal);
        Assert.Contains($"provisioning (provisioning waiting on port {portBase})", page, StringComparison.Ordinal);
        Assert.Contains("online (provisioning provisioned)", page, StringComparison.Ordinal);
        Assert.Contains("<p id=\"mdns\">mDNS: fleet not advertising: neither --mdns-interface nor mdns: { interface } in the fleet file</p>", page, StringComparison.Ordinal);
        Assert.Equal(6, Regex.Count(page, "<td>no \\(fleet not advertising\\)</td></tr>"));

        sim.Interrupt();
        Assert.Equal(0, sim.WaitForExit(Patience));
        Assert.Contains(sim.StdoutLines, l => l.StartsWith("connected 3/6 (ever connected 3/6, never 3, of which 3 never provisioned)", StringComparison.Ordinal));
        Assert.DoesNotContain(Pop, sim.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fleet_file_that_holds_a_pop_and_others_can_read_is_refused_at_the_pop_line()
    {
        using var dir = new TempDirectory("fleet-prov");
        string file = Path.Combine(dir.Path, "open.yaml");
        File.WriteAllText(file, "groups:\n  - count: 2\n    provisioning:\n      http_port_base: 18000\n      security: 1\n      pop: abcd1234\n");
        File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
        using var sim = ChildProcess.Run(BuildPaths.SimulatorCli, "fleet", "--file", file);

        Assert.Equal(2, sim.WaitForExit(Patience));
        Assert.Contains(sim.StderrLines, l => l.StartsWith($"error: {file}:6: ", StringComparison.Ordinal) && l.Contains("chmod 600 open.yaml", StringComparison.Ordinal));
        Assert.DoesNotContain("abcd1234", sim.AllOutput, StringComparison.Ordinal);

        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var spec = FleetFileLoader.Load(file);
        Assert.Equal("abcd1234", spec.Groups[0].Provisioning!.ProofOfPossession);
    }

    /// <summary>A block of loopback ports nothing listens on now (each bound once and released).</summary>
    internal static int FreePortBlock(int count)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            int start = Random.Shared.Next(20000, 32000 - count);
            var held = new List<Socket>();
            try
            {
                for (int p = start; p < start + count; p++)
                {
                    var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    held.Add(s);
                    s.Bind(new IPEndPoint(IPAddress.Loopback, p));
                }

                return start;
            }
            catch (SocketException)
            {
                // Taken; try another block.
            }
            finally
            {
                held.ForEach(s => s.Dispose());
            }
        }

        throw new InvalidOperationException("no free block of " + count + " loopback ports");
    }

    private static ChildProcess Provision(int port, string pop, string passphrase) =>
        ChildProcess.Run(BuildPaths.SimulatorCli, "provision", "--host", $"127.0.0.1:{port}", "--sec", "1", "--pop", pop, "--ssid", "HomeNetwork", "--passphrase", passphrase, "--timeout", "20");

    private static (int ExitCode, string Output) ProvisionWithPython(int port, string pop, string passphrase)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { BuildPaths.ProvisionScript, "--host", $"127.0.0.1:{port}", "--sec", "1", "--pop", pop, "--ssid", "HomeNetwork", "--passphrase", passphrase })
        {
            start.ArgumentList.Add(arg);
        }

        using var phone = Process.Start(start)!;
        var stdout = phone.StandardOutput.ReadToEndAsync();
        var stderr = phone.StandardError.ReadToEndAsync();
        if (!phone.WaitForExit(Patience))
        {
            phone.Kill();
            throw new TimeoutException("provision.py did not finish");
        }

        return (phone.ExitCode, stdout.Result + stderr.Result);
    }

    private static string Get(string control, string path)
    {
        using var http = new HttpClient();
        return http.GetStringAsync($"http://{control}{path}").GetAwaiter().GetResult();
    }

    private static JsonElement[] Devices(string control)
    {
        using var doc = JsonDocument.Parse(Get(control, "/fleet"));
        return [.. doc.RootElement.GetProperty("devices").EnumerateArray().Select(d => d.Clone())];
    }

    [GeneratedRegex(@"127\.0\.0\.1:\d+")]
    private static partial Regex ControlAddress();
}
