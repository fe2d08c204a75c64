using System.Globalization;
using Accessory.Simulator.Fleet;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;
using CoreLogLevel = Accessory.Core.Ports.LogLevel;

namespace Accessory.Simulator.Tests.Fleet;

/// <summary>
/// A 200-device fleet (the core's device logic, one MQTT connection each) against Debian's real mosquitto, judged
/// from the broker's side by mosquitto_sub: retained availability and state per device, commands answered, the
/// Last Will of devices that lose Wi-Fi, everyone back after a broker restart, and no QoS 1 telemetry lost by seq.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FleetMosquittoTests
{
    private const int Devices = 200;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_hundred_devices_publish_retained_state_answer_commands_and_send_their_will_on_wifi_loss()
    {
        using var broker = new Mosquitto();
        var spec = new FleetSpec
        {
            Name = "ci",
            StartRate = 1000,
            Groups =
            [
                new FleetGroup { Name = "lamps", Count = 180, TelemetryEvery = TimeSpan.FromSeconds(2) },
                new FleetGroup { Name = "plugs", Count = 20, Model = "sim-plug", FirmwareVersion = "2.0.0", TelemetryEvery = TimeSpan.Zero },
            ],
        };
        using var live = new MosquittoRecorder(broker.Port, false, "accessory/+/availability", "accessory/+/cmd/+/result");
        live.WaitUntilSubscribed();
        await using var run = await FleetRun.CreateAsync(spec, broker.Uri, new FleetLog(CoreLogLevel.Warning, null));
        await run.StartAsync(CancellationToken.None);
        var expected = Enumerable.Range(0, Devices).Select(FleetDevice.DeviceIdOf).ToHashSet(StringComparer.Ordinal);

        Assert.True(await Eventually.TrueAsync(() => live.Devices("/availability", p => p == "online").Count == Devices, Patience),
            $"online announced by {live.Devices("/availability", p => p == "online").Count}/{Devices}; fleet: {run.Snapshot()}");
        Assert.Equal(expected, live.Devices("/availability", p => p == "online"));

        // A subscriber arriving now gets the retained documents: one availability and one state per device.
        using (var retained = new MosquittoRecorder(broker.Port, true, "accessory/+/availability", "accessory/+/state"))
        {
            Assert.True(await Eventually.TrueAsync(() => retained.Devices("/state", p => p.Contains("\"on\":false", StringComparison.Ordinal)).Count == Devices, Patience),
                $"retained state for {retained.Devices("/state", _ => true).Count}/{Devices}");
            Assert.Equal(expected, retained.Devices("/availability", p => p == "online"));
        }

        // Commands through mosquitto_pub to 20 devices (one refused as malformed): every one answered.
        var commanded = Enumerable.Range(0, 20).Select(FleetDevice.DeviceIdOf).ToList();
        foreach (var id in commanded)
        {
            DeviceCloudEndToEndTests.Publish(broker.Port, $"accessory/{id}/cmd/power", "{\"on\":true,\"request\":\"fleet-" + id + "\"}", null);
        }

        string refused = FleetDevice.DeviceIdOf(150);
        DeviceCloudEndToEndTests.Publish(broker.Port, $"accessory/{refused}/cmd/brightness", "{\"value\":\"very bright\"}", null);
        Assert.True(await Eventually.TrueAsync(() => live.Devices("/power/result", p => p.Contains("\"ok\":true", StringComparison.Ordinal)).Count == commanded.Count, Patience),
            $"power results from {live.Devices("/power/result", _ => true).Count}/{commanded.Count}");
        Assert.True(await Eventually.TrueAsync(() => live.Devices("/brightness/result", p => p.Contains("\"ok\":false", StringComparison.Ordinal)).Contains(refused), Patience));
        Assert.All(commanded, id => Assert.Contains(live.Messages, m => m.Topic == $"accessory/{id}/cmd/power/result" && m.Payload.Contains("\"request\":\"fleet-" + id + "\"", StringComparison.Ordinal)));
        using (var states = new MosquittoRecorder(broker.Port, true, "accessory/+/state"))
        {
            Assert.True(await Eventually.TrueAsync(() => states.Devices("/state", p => p.Contains("\"on\":true", StringComparison.Ordinal)).SetEquals(commanded), Patience),
                "retained state on:true for " + string.Join(",", states.Devices("/state", p => p.Contains("\"on\":true", StringComparison.Ordinal))));
        }

        // 10% of the lamps lose Wi-Fi: the broker publishes exactly their Wills, and they come back by themselves.
        var lamps = run.Devices.Where(d => d.Group.Name == "lamps").ToList();
        var lost = run.Inject(lamps, new FleetFault(FleetFaultKind.WifiLoss, 0.10, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(3)));
        var lostIds = lost.Select(d => d.DeviceId).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(18, lostIds.Count);
        Assert.True(await Eventually.TrueAsync(() => live.Devices("/availability", p => p == "offline").SetEquals(lostIds), Patience),
            "wills from " + string.Join(",", live.Devices("/availability", p => p == "offline")) + " expected " + string.Join(",", lostIds));
        Assert.True(await Eventually.TrueAsync(() => lostIds.All(id => LastAvailability(live, id) == "online") && run.Snapshot().Connected == Devices, Patience),
            $"back online: {lostIds.Count(id => LastAvailability(live, id) == "online")}/{lostIds.Count}; fleet {run.Snapshot()}");
        Assert.Equal(lostIds, live.Devices("/availability", p => p == "offline"));
    }

    [Fact]
    public async Task After_a_broker_restart_all_two_hundred_come_back_and_no_qos1_telemetry_is_lost_by_seq()
    {
        // Persistence so the recorder's own session (clean session off) outlives the restart, as a cloud consumer's would.
        using var store = new TempDirectory("fleet-mosquitto-db");

        // mosquitto started as root drops to its own user before it writes the database.
        File.SetUnixFileMode(store.Path, (UnixFileMode)0b111_111_111);
        using var broker = new Mosquitto("persistence true\npersistence_location " + store.Path + "/\nmax_queued_messages 0\n");
        var group = new FleetGroup
        {
            Name = "lamps",
            Count = Devices,
            TelemetryEvery = TimeSpan.FromMilliseconds(500),
            TelemetryJitter = 0.2,
            QueueCapacity = 64,
            ReconnectBase = TimeSpan.FromMilliseconds(200),
            ReconnectCap = TimeSpan.FromSeconds(2),
        };
        using var telemetry = MosquittoRecorder.Persistent(broker.Port, "accessory/+/telemetry");
        await using var run = await FleetRun.CreateAsync(new FleetSpec { Name = "restart", StartRate = 1000, Groups = [group] }, broker.Uri, new FleetLog(CoreLogLevel.Warning, null));
        await run.StartAsync(CancellationToken.None);
        Assert.True(await Eventually.TrueAsync(() => run.Snapshot().EverConnected == Devices, Patience), run.Snapshot().ToString());
        await Task.Delay(2000);

        broker.Terminate();
        Assert.True(await Eventually.TrueAsync(() => run.Snapshot().Connected == 0, Patience), run.Snapshot().ToString());
        await Task.Delay(3000);
        var whileDown = run.Snapshot();
        Assert.True(whileDown.Queued > 0, "telemetry should queue while the broker is down: " + whileDown);
        broker.Start();

        // Every device is back within the reconnect policy's bound (cap 2 s, plus the connect itself).
        Assert.True(await Eventually.TrueAsync(() => run.Snapshot().Connected == Devices, TimeSpan.FromSeconds(20)), run.Snapshot().ToString());
        Assert.True(await Eventually.TrueAsync(() => run.Snapshot().Queued == 0, Patience), run.Snapshot().ToString());
        using (var retained = new MosquittoRecorder(broker.Port, true, "accessory/+/availability"))
        {
            Assert.True(await Eventually.TrueAsync(() => retained.Devices("/availability", p => p == "online").Count == Devices, Patience),
                $"retained online after the restart: {retained.Devices("/availability", p => p == "online").Count}/{Devices}");
        }

        // Stop telemetry and let the queues drain, then compare what each device sent with what the broker delivered, seq by seq.
        foreach (var device in run.Devices)
        {
            device.StopTelemetry();
        }

        Assert.True(await Eventually.TrueAsync(() => run.Snapshot().Queued == 0, Patience), run.Snapshot().ToString());
        var sent = run.Devices.ToDictionary(d => d.DeviceId, d => d.TelemetrySent, StringComparer.Ordinal);
        Assert.Equal(0, run.Snapshot().Dropped);
        var seen = new Dictionary<string, HashSet<long>>(StringComparer.Ordinal);
        bool complete = await Eventually.TrueAsync(
            () =>
            {
                seen = SeqsByDevice(telemetry.Messages);
                return sent.All(s => seen.TryGetValue(s.Key, out var got) && got.Count >= s.Value);
            },
            Patience);
        var missing = sent.Select(s => (s.Key, Missing: s.Value - (seen.TryGetValue(s.Key, out var got) ? got.Count(q => q >= 1 && q <= s.Value) : 0))).Where(m => m.Missing > 0).ToList();
        Assert.True(complete && missing.Count == 0,
            $"lost by seq: {missing.Sum(m => m.Missing)} of {sent.Values.Sum()} on {missing.Count} devices, e.g. {string.Join(", ", missing.Take(5))}\n{telemetry.Transcript}");
        Assert.True(sent.Values.Sum() > Devices * 8, "too little telemetry to judge: " + sent.Values.Sum());

        // Judged by the broker's copy alone too, so a device that under-counts what it sent cannot hide a loss:
        // seq runs 1, 2, ... per boot, so what arrived must be exactly 1..highest with no hole, for every device.
        Assert.Equal(Devices, seen.Count);
        var holes = seen.Where(s => s.Value.Count(q => q >= 1) != s.Value.Max()).Select(s => $"{s.Key}: {s.Value.Count(q => q >= 1)} of 1..{s.Value.Max()}").ToList();
        Assert.True(holes.Count == 0, $"seq holes at the broker on {holes.Count} devices, e.g. {string.Join("; ", holes.Take(5))}");
    }

    private static string? LastAvailability(MosquittoRecorder recorder, string id) =>
        recorder.Messages.LastOrDefault(m => m.Topic == $"accessory/{id}/availability").Payload;

    private static Dictionary<string, HashSet<long>> SeqsByDevice(IEnumerable<(string Topic, string Payload)> messages)
    {
        var result = new Dictionary<string, HashSet<long>>(StringComparer.Ordinal);
        foreach (var (topic, payload) in messages)
        {
            int at = payload.IndexOf("\"seq\":", StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            int end = at + 6;
            while (end < payload.Length && char.IsAsciiDigit(payload[end]))
            {
                end++;
            }

            string id = topic.Split('/')[1];
            if (!result.TryGetValue(id, out var set))
            {
                result[id] = set = [];
            }

            set.Add(long.Parse(payload.AsSpan(at + 6, end - at - 6), CultureInfo.InvariantCulture));
        }

        return result;
    }
}
