using Accessory.Core.Ports;

namespace Accessory.TestKit;

/// <summary>One publish a <see cref="FakeMqttLink"/> recorded; the test settles it with <see cref="FakeMqttLink.Ack"/>.</summary>
public sealed class FakeMqttPublish
{
    public FakeMqttPublish(string topic, byte[] payload, int qos, bool retain, MqttPublishCompleted? completed)
    {
        Topic = topic;
        Payload = payload;
        Qos = qos;
        Retain = retain;
        Completed = completed;
    }

    public string Topic { get; }

    public byte[] Payload { get; }

    public int Qos { get; }

    public bool Retain { get; }

    public MqttPublishCompleted? Completed { get; }

    public string Text => System.Text.Encoding.UTF8.GetString(Payload);
}
