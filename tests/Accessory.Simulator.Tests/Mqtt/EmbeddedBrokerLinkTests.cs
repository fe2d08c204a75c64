using Accessory.Simulator.Mqtt;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>MqttNetLink against the simulator's in-process broker (what `accessory-sim run` uses by default).</summary>
public sealed class EmbeddedBrokerLinkTests : MqttLinkContract
{
    private readonly EmbeddedBroker _broker;

    public EmbeddedBrokerLinkTests()
    {
        _broker = new EmbeddedBroker(FreePort.Next());
        _broker.StartAsync().GetAwaiter().GetResult();
    }

    protected override int BrokerPort => _broker.Port;

    protected override void StopBroker() => _broker.StopAsync().GetAwaiter().GetResult();

    protected override void StartBroker() => _broker.StartAsync().GetAwaiter().GetResult();

    protected override void DisposeBroker() => _broker.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
