using Accessory.Core.Cloud;
using Accessory.Core.Commands;
using Accessory.Core.Device;

namespace Accessory.Core.Tests.Cloud;

internal sealed class CloudLinkHarness
{
    public const string DeviceId = "A1B2C3D4E5F6";

    public CloudLinkHarness(int queueCapacity = 8, int telemetryInterval = 0)
    {
        Settings = new CloudLinkSettings
        {
            QueueCapacity = queueCapacity,
            ReconnectBaseMilliseconds = 1000,
            ReconnectCapMilliseconds = 8000,
            TelemetryIntervalMilliseconds = telemetryInterval,
        };
        Commands = new DeviceCommands(DeviceId, Lamp);
        Link = new CloudLink(DeviceId, Mqtt, Clock, new SeededRandom(42), Log, Lifecycle, Commands, Settings);
        Commands.IdentifyRequested += s => Identifies.Add(s);
        Commands.RebootRequested += () => Reboots++;
        Commands.FactoryResetRequested += () => FactoryResets++;
    }

    public ManualClock Clock { get; } = new();

    public FakeMqttLink Mqtt { get; } = new();

    public RecordingLog Log { get; } = new();

    public DeviceLifecycle Lifecycle { get; } = new(hasStoredCredentials: true);

    public LampState Lamp { get; } = new();

    public DeviceCommands Commands { get; }

    public CloudLinkSettings Settings { get; }

    public CloudLink Link { get; }

    public List<int> Identifies { get; } = new();

    public int Reboots { get; set; }

    public int FactoryResets { get; set; }

    /// <summary>Started, Online and accepted by the broker, with the connect-time publishes cleared.</summary>
    public static CloudLinkHarness Connected(int queueCapacity = 8)
    {
        var h = new CloudLinkHarness(queueCapacity);
        h.Link.Start();
        h.Lifecycle.Fire(DeviceTrigger.Connected);
        h.Mqtt.Accept();
        h.Mqtt.ClearPublishes();
        return h;
    }

    public FakeMqttPublish[] On(string topic) => Mqtt.Publishes.Where(p => p.Topic == topic).ToArray();

    public System.Text.Json.JsonElement Command(string name, string json)
    {
        Mqtt.Deliver(Link.Topics.Command(name), json);
        var results = On(Link.Topics.CommandResult(name));
        Assert.NotEmpty(results);
        Assert.Equal(1, results[^1].Qos);
        Assert.False(results[^1].Retain);
        return System.Text.Json.JsonDocument.Parse(results[^1].Payload).RootElement.Clone();
    }
}
