using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Accessory.Simulator.Fleet;
using Accessory.Simulator.Tests.LocalApi;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;
using CoreLogLevel = Accessory.Core.Ports.LogLevel;

namespace Accessory.Simulator.Tests.Fleet;

/// <summary>
/// A fleet group with `local_api`: each device serves the single device's HTTPS API on its own port with the group's
/// certificate. Debian's curl reads and changes the lamps of two devices of a fleet running against a real
/// mosquitto, and mosquitto_sub sees each change in that device's retained state (and no other device's).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FleetLocalApiTests
{
    private const string Token = "0123456789abcdef0123456789abcdef";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Curl_reads_and_changes_the_lamps_of_two_devices_and_mqtt_shows_each_change()
    {
        const int Count = 4;
        using var broker = new Mosquitto();
        int portBase = FleetProvisioningTests.FreePortBlock(Count);
        var spec = new FleetSpec
        {
            Name = "api",
            StartRate = 0,
            Groups =
            [
                new FleetGroup { Name = "lamps", Count = Count, TelemetryEvery = TimeSpan.Zero, LocalApi = new FleetLocalApi { HttpsPortBase = portBase, Token = Token } },
                new FleetGroup { Name = "dark", Count = 1, TelemetryEvery = TimeSpan.Zero },
            ],
        };
        var logLines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var states = new MosquittoRecorder(broker.Port, false, "accessory/+/state");
        states.WaitUntilSubscribed();
        await using var run = await FleetRun.CreateAsync(spec, broker.Uri, new FleetLog(CoreLogLevel.Debug, logLines.Enqueue));
        await run.StartAsync(CancellationToken.None);
        Assert.True(await Eventually.TrueAsync(() => run.Devices.All(d => d.IsConnected), Patience), run.Snapshot().ToString());
        Assert.Equal(Enumerable.Range(portBase, Count), run.Devices.Take(Count).Select(d => d.LocalApi!.Port));
        Assert.True(run.Devices.Take(Count).All(d => d.LocalApi!.Listening));
        Assert.Null(run.Devices[Count].LocalApi);
        string ca = Assert.Single(run.LocalApis).CertificateFile;

        // /info needs no token and names the device behind that port.
        var info = await CurlProcess.RunAsync("--cacert", ca, Url(portBase + 1, "/api/v1/info"));
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Contains(run.Devices[1].DeviceId, info.Stdout, StringComparison.Ordinal);

        // Two different devices changed over HTTPS, differently.
        var one = await Put(ca, portBase + 1, """{"on":true,"brightness":40}""");
        Assert.True(one.ExitCode == 0, one.ToString());
        var three = await Put(ca, portBase + 3, """{"on":true,"brightness":75}""");
        Assert.True(three.ExitCode == 0, three.ToString());
        Assert.Equal((true, 40), Lamp((await Get(ca, portBase + 1)).Stdout));
        Assert.Equal((true, 75), Lamp((await Get(ca, portBase + 3)).Stdout));
        Assert.Equal((false, Lamp((await Get(ca, portBase + 0)).Stdout).Brightness), Lamp((await Get(ca, portBase + 0)).Stdout));

        // The broker sees each change as that device's retained state, and no state change for the others.
        string Topic(int i) => "accessory/" + run.Devices[i].DeviceId + "/state";
        Assert.True(await Eventually.TrueAsync(() => Last(states, Topic(1)) == (true, 40) && Last(states, Topic(3)) == (true, 75), Patience), states.Transcript);
        Assert.DoesNotContain(states.Messages, m => (m.Topic == Topic(0) || m.Topic == Topic(2)) && Lamp(m.Payload).On);
        using (var retained = new MosquittoRecorder(broker.Port, true, "accessory/+/state"))
        {
            Assert.True(await Eventually.TrueAsync(() => Last(retained, Topic(1)) == (true, 40) && Last(retained, Topic(3)) == (true, 75), Patience), retained.Transcript);
        }

        // A wrong token is refused; the device's lamp is unchanged.
        var wrong = await CurlProcess.RunAsync("--cacert", ca, "-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer " + new string('f', 32), Url(portBase + 1, "/api/v1/state"));
        Assert.Equal("401", wrong.Stdout);

        // A device that loses its Wi-Fi stops answering (refused), and answers again once it is back online.
        Assert.True(run.Devices[2].LoseWifi(TimeSpan.FromSeconds(3)));
        Assert.True(await Eventually.TrueAsync(() => !run.Devices[2].LocalApi!.Listening, Patience));
        var refused = await Get(ca, portBase + 2);
        Assert.Equal(7, refused.ExitCode);
        Assert.True(await Eventually.TrueAsync(() => run.Devices[2].IsConnected, Patience));
        Assert.Equal(0, (await Get(ca, portBase + 2)).ExitCode);

        Assert.DoesNotContain(logLines, l => l.Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_local_api_port_held_by_another_program_fails_the_fleet_before_it_starts_and_frees_the_others()
    {
        int portBase = FleetProvisioningTests.FreePortBlock(5);
        using var holder = new TcpListener(IPAddress.Loopback, portBase + 2);
        holder.Start();
        var spec = new FleetSpec { Groups = [new FleetGroup { Count = 5, LocalApi = new FleetLocalApi { HttpsPortBase = portBase } }] };

        var e = await Assert.ThrowsAsync<FleetPortException>(() => FleetRun.CreateAsync(spec, Accessory.Simulator.Mqtt.BrokerUri.Parse("mqtt://127.0.0.1:1"), new FleetLog(CoreLogLevel.Warning, null)));

        Assert.Equal(portBase + 2, e.Port);
        Assert.Contains($"127.0.0.1:{portBase + 2}", e.Message, StringComparison.Ordinal);
        Assert.Contains(FleetDevice.DeviceIdOf(2), e.Message, StringComparison.Ordinal);
        Assert.Contains("https_port_base", e.Message, StringComparison.Ordinal);
        using var again = new TcpListener(IPAddress.Loopback, portBase);
        again.Start();
    }

    [Theory]
    [InlineData("      local_api: { https_port_base: 65534 }\n", 4, "go past 65535")]
    [InlineData("      local_api: { https_port_base: 18001 }\n      provisioning: { http_port_base: 18000, security: 0 }\n", 4, "overlap the provisioning ports of group 'a'")]
    [InlineData("      local_api: { port: 18000 }\n", 4, "unknown key 'port'")]
    [InlineData("      local_api: { bind: 127.0.0.1 }\n", 4, "https_port_base")]
    [InlineData("      local_api: { https_port_base: 18000, bind: lan }\n", 4, "'bind' must be an IPv4 address")]
    [InlineData("      local_api: { https_port_base: 18000, token: ABC }\n", 4, "32 lowercase hex digits")]
    [InlineData("      local_api: { https_port_base: 18000, token_env: FLEET_TOKEN_SURELY_UNSET }\n", 4, "FLEET_TOKEN_SURELY_UNSET is not set")]
    public void A_bad_local_api_block_is_refused_at_its_line(string block, int line, string problem)
    {
        string yaml = "groups:\n  - name: a\n    count: 3\n" + block.Replace("      ", "    ", StringComparison.Ordinal);
        var e = Assert.Throws<FleetFileException>(() => FleetFileLoader.Parse(yaml, "lab.yaml"));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("lab.yaml:" + line + ":", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_local_api_ranges_of_two_groups_are_refused_at_the_second()
    {
        const string yaml = "groups:\n  - name: a\n    count: 10\n    local_api: { https_port_base: 18000 }\n  - name: b\n    count: 10\n    local_api: { https_port_base: 18009 }\n";
        var e = Assert.Throws<FleetFileException>(() => FleetFileLoader.Parse(yaml, "lab.yaml"));
        Assert.StartsWith("lab.yaml:7:", e.Message, StringComparison.Ordinal);
        Assert.Contains("overlap the local API ports of group 'a' (18000..18009)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_world_readable_file_holding_a_token_is_refused_and_a_private_one_is_read()
    {
        using var folder = new TempDirectory("fleet-token");
        string path = Path.Combine(folder.Path, "lab.yaml");
        File.WriteAllText(path, "groups:\n  - count: 2\n    local_api:\n      https_port_base: 18000\n      token: " + Token + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var e = Assert.Throws<FleetFileException>(() => FleetFileLoader.Load(path));
        Assert.StartsWith(path + ":5:", e.Message, StringComparison.Ordinal);
        Assert.Contains("chmod 600", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, e.Message, StringComparison.Ordinal);

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal(Token, FleetFileLoader.Load(path).Groups[0].LocalApi!.Token);
    }

    private static string Url(int port, string path) => "https://127.0.0.1:" + port + path;

    private static Task<CurlProcess.Result> Get(string ca, int port) =>
        CurlProcess.RunAsync("--cacert", ca, "-H", "Authorization: Bearer " + Token, Url(port, "/api/v1/state"));

    private static Task<CurlProcess.Result> Put(string ca, int port, string body) =>
        CurlProcess.RunAsync("--cacert", ca, "--fail", "-H", "Authorization: Bearer " + Token, "-H", "Content-Type: application/json", "-X", "PUT", "--data", body, Url(port, "/api/v1/state"));

    private static (bool On, int Brightness) Lamp(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return (doc.RootElement.GetProperty("on").GetBoolean(), doc.RootElement.GetProperty("brightness").GetInt32());
    }

    private static (bool On, int Brightness)? Last(MosquittoRecorder recorder, string topic) =>
        recorder.Messages.LastOrDefault(m => m.Topic == topic) is { Topic: not null } m ? Lamp(m.Payload) : null;
}
