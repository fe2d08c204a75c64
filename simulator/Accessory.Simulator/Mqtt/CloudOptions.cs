namespace Accessory.Simulator.Mqtt;

/// <summary>How the simulated device reaches its cloud over MQTT.</summary>
public sealed class CloudOptions
{
    /// <summary>`embedded` (an in-process broker on loopback, the default) or a real broker.</summary>
    public BrokerUri Broker { get; init; } = BrokerUri.Embedded();

    /// <summary>CA and optional client certificate for mqtts://.</summary>
    public MqttTlsFiles? Tls { get; init; }

    /// <summary>Outbound messages kept while the broker is unreachable; the oldest are dropped (and counted) beyond it.</summary>
    public int QueueCapacity { get; init; } = 64;

    /// <summary>Telemetry period; 0 publishes telemetry only on demand.</summary>
    public int TelemetryIntervalMilliseconds { get; init; } = 10_000;
}
