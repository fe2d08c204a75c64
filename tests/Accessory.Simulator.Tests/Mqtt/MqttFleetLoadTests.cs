using Accessory.Simulator.Mqtt;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>The bench helper's bookkeeping on a small fleet; speed figures come from `bench`, not from here.</summary>
public sealed class MqttFleetLoadTests
{
    [Fact]
    public async Task Every_client_connects_and_every_qos1_publish_is_acknowledged_by_the_embedded_broker()
    {
        await using var broker = new EmbeddedBroker(FreePort.Next());
        await broker.StartAsync();

        var result = await MqttFleetLoad.RunAsync(broker.Uri, clients: 5, publishesPerClient: 4, TimeSpan.FromSeconds(30));

        Assert.False(result.TimedOut);
        Assert.Equal(5, result.Connected);
        Assert.Equal(20, result.PublishesRequested);
        Assert.Equal(20, result.PublishesAcked);
        Assert.Equal(0, result.PublishesFailed);
    }

    [Fact]
    public async Task Clients_that_cannot_connect_are_counted_and_nothing_is_published()
    {
        var nobody = BrokerUri.Parse("mqtt://127.0.0.1:" + FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));

        var result = await MqttFleetLoad.RunAsync(nobody, clients: 3, publishesPerClient: 2, TimeSpan.FromSeconds(30));

        Assert.False(result.TimedOut);
        Assert.Equal(0, result.Connected);
        Assert.Equal(0, result.PublishesRequested);

        // Each lost connect is counted under its cause, and the cause names the socket error under MQTTnet's exception.
        var failure = Assert.Single(result.ConnectFailures);
        Assert.Equal(3, failure.Value);
        Assert.Contains("ConnectionRefused", failure.Key, StringComparison.Ordinal);
        Assert.Equal(0, result.ConnectsUnsettled);
    }

    [Fact]
    public async Task Mosquitto_fleet_of_ten_all_connect()
    {
        using var broker = new Mosquitto();

        var result = await MqttFleetLoad.RunAsync(broker.Uri, clients: 10, publishesPerClient: 2, TimeSpan.FromSeconds(30));

        Assert.Equal(10, result.Connected);
        Assert.Equal(20, result.PublishesAcked);
    }
}
