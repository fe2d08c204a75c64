using System.Text;
using Accessory.Core.Ports;
using Accessory.Simulator.Mqtt;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>The front gate relays 8 KB at a time; a packet many times that still arrives whole.</summary>
public sealed class EmbeddedBrokerLargePacketTests
{
    [Fact]
    public async Task A_payload_many_relay_buffers_long_reaches_an_independent_subscriber_intact()
    {
        await using var broker = new EmbeddedBroker(FreePort.Next());
        await broker.StartAsync();
        string topic = "acc-test/" + Guid.NewGuid().ToString("N") + "/big";
        var random = new Random(20);
        string payload = new(Enumerable.Range(0, 100_000).Select(_ => (char)('a' + random.Next(26))).ToArray());
        using var probe = new LinkProbe(new MqttNetLink(broker.Uri));
        probe.Link.Connect(new MqttSessionOptions("big-" + Guid.NewGuid().ToString("N")[..8], 30, true, string.Empty, [], false));
        Assert.True(probe.NextChange().Connected);

        Assert.True(probe.PublishAndWait(topic, Encoding.ASCII.GetBytes(payload), 1, retain: true));

        var seen = MosquittoClients.Subscribe(broker.Port, topic, 1, 10, retainedOnly: true);
        Assert.Equal([payload], seen);
    }
}
