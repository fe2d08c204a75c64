namespace Accessory.Core.Ports;

/// <summary>What the device asks of the broker when it connects: identity, keep-alive and its Last Will.</summary>
public sealed class MqttSessionOptions
{
    public MqttSessionOptions(string clientId, int keepAliveSeconds, bool cleanSession, string willTopic, byte[] willPayload, bool willRetain)
    {
        ClientId = clientId;
        KeepAliveSeconds = keepAliveSeconds;
        CleanSession = cleanSession;
        WillTopic = willTopic;
        WillPayload = willPayload;
        WillRetain = willRetain;
    }

    public string ClientId { get; }

    public int KeepAliveSeconds { get; }

    public bool CleanSession { get; }

    public string WillTopic { get; }

    public byte[] WillPayload { get; }

    public bool WillRetain { get; }
}
