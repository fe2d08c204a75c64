using System.Net;
using System.Net.Sockets;
using Accessory.Core.Settings;
using Accessory.Simulator.Fleet;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;
using CoreLogLevel = Accessory.Core.Ports.LogLevel;

namespace Accessory.Simulator.Tests.Fleet;

/// <summary>
/// The `reboot` and `factory-reset` MQTT commands act on a fleet device as on a single one, judged at a real
/// mosquitto: the device answers, its Will says `offline`, it boots again and says `online`; a factory reset erases
/// its settings, and in a provisioning group it serves provisioning on its port again. No other device notices.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FleetRestartTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Reboot_and_factory_reset_over_mqtt_restart_exactly_the_commanded_devices()
    {
        using var broker = new Mosquitto();
        int portBase = FleetProvisioningTests.FreePortBlock(2);
        var spec = new FleetSpec
        {
            Name = "restart",
            StartRate = 0,
            Groups =
            [
                new FleetGroup { Name = "lamps", Count = 3, TelemetryEvery = TimeSpan.Zero },
                new FleetGroup { Name = "boxed", Count = 2, TelemetryEvery = TimeSpan.Zero, Provisioning = new FleetProvisioning { HttpPortBase = portBase, Security = 0 } },
            ],
        };
        using var live = new MosquittoRecorder(broker.Port, false, "accessory/+/availability", "accessory/+/cmd/+/result");
        live.WaitUntilSubscribed();
        await using var run = await FleetRun.CreateAsync(spec, broker.Uri, new FleetLog(CoreLogLevel.Warning, null));
        await run.StartAsync(CancellationToken.None);
        var lamps = run.Devices.Take(3).ToArray();
        var boxed = run.Devices.Skip(3).ToArray();
        Assert.True(await Eventually.TrueAsync(() => lamps.All(d => d.IsConnected) && boxed.All(d => d.Provisioning is { Listening: true }), Patience), run.Snapshot().ToString());

        // Provision boxed[0] over real HTTP, so a factory reset has something to erase.
        using (var phone = ChildProcess.Run(BuildPaths.SimulatorCli, "provision", "--host", $"127.0.0.1:{portBase}", "--sec", "0", "--ssid", "HomeNetwork", "--passphrase", "correct horse battery", "--timeout", "20"))
        {
            Assert.True(phone.WaitForExit(Patience) == 0, phone.AllOutput);
        }

        Assert.True(await Eventually.TrueAsync(() => boxed[0].IsConnected && boxed[0].Provisioning is { Listening: false }, Patience));

        // Reboot lamps[1]: answered, offline (its Will), online again with the same settings and token.
        string ssidBefore = Ssid(lamps[1]);
        string tokenBefore = lamps[1].Core.ApiToken.Value;
        DeviceCloudEndToEndTests.Publish(broker.Port, Topic(lamps[1], "cmd/reboot"), "{\"request\":\"r1\"}", null);
        Assert.True(await Eventually.TrueAsync(() => Availability(live, lamps[1]).SequenceEqual(["online", "offline", "online"]), Patience), live.Transcript);
        Assert.Contains(live.Messages, m => m.Topic == Topic(lamps[1], "cmd/reboot/result") && m.Payload.Contains("\"ok\":true", StringComparison.Ordinal) && m.Payload.Contains("r1", StringComparison.Ordinal));
        Assert.Equal(1, lamps[1].Reboots);
        Assert.Equal((ssidBefore, tokenBefore), (Ssid(lamps[1]), lamps[1].Core.ApiToken.Value));

        // Factory reset of lamps[2] (a group without provisioning): erased, back to its out-of-the-box settings
        // (the network credentials), a new access token, online again.
        string tokenLamp2 = lamps[2].Core.ApiToken.Value;
        DeviceCloudEndToEndTests.Publish(broker.Port, Topic(lamps[2], "cmd/factory-reset"), "{\"confirm\":\"" + lamps[2].DeviceId + "\"}", null);
        Assert.True(await Eventually.TrueAsync(() => Availability(live, lamps[2]).SequenceEqual(["online", "offline", "online"]), Patience), live.Transcript);
        Assert.Contains(live.Messages, m => m.Topic == Topic(lamps[2], "cmd/factory-reset/result") && m.Payload.Contains("\"ok\":true", StringComparison.Ordinal));
        Assert.NotEqual(tokenLamp2, lamps[2].Core.ApiToken.Value);
        Assert.Equal("HomeNetwork", Ssid(lamps[2]));

        // Factory reset of the provisioned boxed[0]: offline, its credentials gone, provisioning served on its port again.
        DeviceCloudEndToEndTests.Publish(broker.Port, Topic(boxed[0], "cmd/factory-reset"), "{\"confirm\":\"" + boxed[0].DeviceId + "\"}", null);
        Assert.True(await Eventually.TrueAsync(() => Availability(live, boxed[0]).SequenceEqual(["online", "offline"]) && boxed[0].Provisioning is { State: "waiting", Listening: true }, Patience),
            live.Transcript + " " + boxed[0].Provisioning?.State);
        Assert.False(boxed[0].Core.Settings.Contains(SettingKeys.WifiSsid));
        Assert.False(boxed[0].IsConnected);
        using (var tcp = new TcpClient())
        {
            tcp.Connect(IPAddress.Loopback, portBase);
        }

        // ... and can be provisioned again.
        using (var phone = ChildProcess.Run(BuildPaths.SimulatorCli, "provision", "--host", $"127.0.0.1:{portBase}", "--sec", "0", "--ssid", "HomeNetwork", "--passphrase", "correct horse battery", "--timeout", "20"))
        {
            Assert.True(phone.WaitForExit(Patience) == 0, phone.AllOutput);
        }

        Assert.True(await Eventually.TrueAsync(() => Availability(live, boxed[0]).SequenceEqual(["online", "offline", "online"]), Patience), live.Transcript);

        // The others noticed nothing: never offline, never reconnected, boxed[1] still waiting on its port.
        Assert.Equal(["online"], Availability(live, lamps[0]));
        Assert.Equal(0, lamps[0].Cloud.Reconnects);
        Assert.Equal(0, lamps[0].Reboots);
        Assert.Empty(Availability(live, boxed[1]));
        Assert.True(boxed[1].Provisioning is { State: "waiting", Listening: true });
    }

    private static string Topic(FleetDevice device, string suffix) => "accessory/" + device.DeviceId + "/" + suffix;

    private static string Ssid(FleetDevice device) => System.Text.Encoding.UTF8.GetString(device.Core.Settings.GetBytes(SettingKeys.WifiSsid) ?? []);

    private static string[] Availability(MosquittoRecorder live, FleetDevice device) =>
        [.. live.Messages.Where(m => m.Topic == Topic(device, "availability")).Select(m => m.Payload)];
}
