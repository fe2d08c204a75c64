using System.Diagnostics;
using System.Globalization;
using Accessory.Core.Settings;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>
/// The whole device as a cloud sees it: `accessory-sim run` as a real process, already provisioned (stored Wi-Fi
/// credentials), talking to a real mosquitto on loopback; mosquitto_sub/mosquitto_pub play the cloud. The
/// same checks run against the embedded broker `accessory-sim run` starts by default.
/// </summary>
public sealed class DeviceCloudEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("mosquitto")]
    [InlineData("embedded")]
    public void A_provisioned_device_publishes_retained_state_and_availability_and_answers_commands(string brokerKind)
    {
        using var mosquitto = brokerKind == "mosquitto" ? new Mosquitto() : null;
        int port = mosquitto?.Port ?? FreePort.Next();
        using var data = ProvisionedDevice(out string id);
        var brokerArgs = mosquitto is null
            ? new[] { "--broker", "embedded", "--embedded-broker-port", port.ToString(CultureInfo.InvariantCulture) }
            : new[] { "--broker", "mqtt://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) };
        using var sim = StartSimulator(data.Path, brokerArgs);
        // The embedded broker admits only its device's credentials (kept in the device's settings); a broker of
        // one's own decides for itself.
        var auth = mosquitto is null ? EmbeddedCredentials(data.Path, id) : null;

        var availability = MosquittoClients.Subscribe(port, $"accessory/{id}/availability", 1, 20, credentials: auth);
        Assert.Equal(new[] { "online" }, availability);
        var state = MosquittoClients.Subscribe(port, $"accessory/{id}/state", 1, 20, retainedOnly: true, credentials: auth);
        Assert.Contains("\"on\":false", Assert.Single(state), StringComparison.Ordinal);

        using var results = new MosquittoSubscriber(port, $"accessory/{id}/cmd/+/result", 2, 20, credentials: auth);
        results.WaitUntilSubscribed(Patience);
        Publish(port, $"accessory/{id}/cmd/power", "{\"on\":true,\"request\":\"r1\"}", auth);
        Publish(port, $"accessory/{id}/cmd/brightness", "{\"value\":\"very bright\"}", auth);
        var replies = results.Collect(20);

        Assert.True(replies.Count == 2, "results: " + string.Join(" | ", replies) + "\nmosquitto_sub:\n" + results.Transcript + "\nsimulator:\n" + sim.AllOutput);
        Assert.Contains(replies, r => r.Contains("\"ok\":true", StringComparison.Ordinal) && r.Contains("\"request\":\"r1\"", StringComparison.Ordinal));
        Assert.Contains(replies, r => r.Contains("\"ok\":false", StringComparison.Ordinal));
        var after = MosquittoClients.Subscribe(port, $"accessory/{id}/state", 1, 20, retainedOnly: true, credentials: auth);
        Assert.Contains("\"on\":true", Assert.Single(after), StringComparison.Ordinal);
        Assert.Contains("\"brightness\":100", after[0], StringComparison.Ordinal);
    }

    // Only against an external broker: the embedded one lives in the simulator's process and dies with it.
    [Fact]
    public void Killing_the_simulator_fires_the_last_will()
    {
        using var broker = new Mosquitto();
        using var data = ProvisionedDevice(out string id);
        using var sim = StartSimulator(data.Path, "--broker", "mqtt://127.0.0.1:" + broker.Port.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(new[] { "online" }, MosquittoClients.Subscribe(broker.Port, $"accessory/{id}/availability", 1, 20));

        using var watcher = new MosquittoSubscriber(broker.Port, $"accessory/{id}/availability", 2, 20);
        watcher.WaitUntilSubscribed(Patience);
        sim.KillHard();

        Assert.Equal(new[] { "online", "offline" }, watcher.Collect(20));
    }

    internal static TempDirectory ProvisionedDevice(out string id)
    {
        var data = new TempDirectory("accessory-cloud");
        var settings = new DeviceSettings();
        var mac = new byte[] { 0x02, 0xC1, 0x0D, 0x00, 0x00, (byte)Random.Shared.Next(256) };
        settings.SetBytes(SettingKeys.DeviceMac, mac);
        settings.SetBytes(SettingKeys.WifiSsid, "HomeNetwork"u8.ToArray());
        settings.SetBytes(SettingKeys.WifiPassphrase, "correct horse battery"u8.ToArray());
        File.WriteAllBytes(Path.Combine(data.Path, "settings.bin"), SettingsCodec.Encode(settings));
        id = Convert.ToHexString(mac);
        return data;
    }

    private static ChildProcess StartSimulator(string dataDir, params string[] brokerArgs)
    {
        var sim = ChildProcess.Run(BuildPaths.SimulatorCli, new[] { "run", "--data-dir", dataDir, "--timing", "fast", "--no-provisioning", "--api-port", "0", "--control-port", "0" }.Concat(brokerArgs).ToArray());
        Assert.True(sim.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), Patience), sim.AllOutput);
        return sim;
    }

    internal static Accessory.Simulator.Mqtt.BrokerCredentials EmbeddedCredentials(string dataDir, string id)
    {
        var settings = SettingsCodec.Decode(File.ReadAllBytes(Path.Combine(dataDir, "settings.bin")));
        return new Accessory.Simulator.Mqtt.BrokerCredentials(id, settings.GetString(Accessory.Simulator.Mqtt.BrokerCredentials.PasswordKey)!);
    }

    internal static int Publish(int port, string topic, string payload, Accessory.Simulator.Mqtt.BrokerCredentials? auth, string? clientId = null, bool mustSucceed = true)
    {
        var start = new ProcessStartInfo("/usr/bin/mosquitto_pub")
        {
            ArgumentList = { "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-i", clientId ?? "acc-pub-" + Guid.NewGuid().ToString("N")[..8], "-q", "1", "-t", topic, "-m", payload },
            UseShellExecute = false,
            RedirectStandardError = true,
        };
        if (auth is not null)
        {
            foreach (var arg in new[] { "-u", auth.Username, "-P", auth.Password })
            {
                start.ArgumentList.Add(arg);
            }
        }

        using var process = Process.Start(start)!;
        process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(10_000));
        if (mustSucceed)
        {
            Assert.Equal(0, process.ExitCode);
        }

        return process.ExitCode;
    }
}
