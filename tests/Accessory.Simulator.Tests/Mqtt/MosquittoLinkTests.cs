namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>MqttNetLink against Debian's real mosquitto.</summary>
public sealed class MosquittoLinkTests : MqttLinkContract
{
    private readonly Mosquitto _broker = new();

    protected override int BrokerPort => _broker.Port;

    protected override void StopBroker() => _broker.Stop();

    protected override void StartBroker() => _broker.Start();

    protected override void DisposeBroker() => _broker.Dispose();
}
