using Accessory.Core.Ports;

namespace Accessory.TestKit;

/// <summary>
/// An <see cref="IMqttLink"/> the test drives by hand: it records connects, publishes and subscriptions, and the
/// test decides when the broker accepts, refuses, drops the connection, acknowledges or delivers.
/// </summary>
public sealed class FakeMqttLink : IMqttLink
{
    private readonly List<MqttSessionOptions> _connects = new();
    private readonly List<FakeMqttPublish> _publishes = new();
    private readonly List<string> _subscriptions = new();

    public event MqttMessageReceived? MessageReceived;

    public event MqttConnectionChanged? ConnectionChanged;

    public bool IsConnected { get; private set; }

    public IReadOnlyList<MqttSessionOptions> Connects => _connects;

    public IReadOnlyList<FakeMqttPublish> Publishes => _publishes;

    public IReadOnlyList<string> Subscriptions => _subscriptions;

    public int DisconnectCalls { get; private set; }

    /// <summary>Acknowledgements (positive or negative) the test had the broker send.</summary>
    public int AcksSent { get; private set; }

    public void Connect(MqttSessionOptions options) => _connects.Add(options);

    public void Disconnect()
    {
        DisconnectCalls++;
        if (IsConnected)
        {
            IsConnected = false;
            ConnectionChanged?.Invoke(false, "client disconnected");
        }
    }

    /// <summary>When set, every QoS 1 publish is refused synchronously inside <see cref="Publish"/>.</summary>
    public bool NackImmediately { get; set; }

    public void Publish(string topic, byte[] payload, int qos, bool retain, MqttPublishCompleted? completed)
    {
        _publishes.Add(new FakeMqttPublish(topic, payload, qos, retain, completed));
        if (NackImmediately)
        {
            completed?.Invoke(false);
        }
    }

    public void Subscribe(string topicFilter, int qos) => _subscriptions.Add(topicFilter + "@" + qos);

    /// <summary>The broker accepted the pending connect.</summary>
    public void Accept()
    {
        IsConnected = true;
        ConnectionChanged?.Invoke(true, "accepted");
    }

    /// <summary>The pending connect failed (broker down, refused).</summary>
    public void Refuse(string reason = "refused") => ConnectionChanged?.Invoke(false, reason);

    /// <summary>The broker went away under an established connection.</summary>
    public void Drop(string reason = "broker lost")
    {
        IsConnected = false;
        ConnectionChanged?.Invoke(false, reason);
    }

    /// <summary>
    /// The connection died on the wire but its loss has not been reported yet (as when a publish fails before the
    /// client's receive loop notices): <see cref="IsConnected"/> turns false, <see cref="Drop"/> reports it later.
    /// </summary>
    public void Die() => IsConnected = false;

    public void Deliver(string topic, byte[] payload) => MessageReceived?.Invoke(topic, payload);

    public void Deliver(string topic, string json) => Deliver(topic, System.Text.Encoding.UTF8.GetBytes(json));

    public void Ack(FakeMqttPublish publish, bool delivered = true)
    {
        ArgumentNullException.ThrowIfNull(publish);
        AcksSent++;
        publish.Completed?.Invoke(delivered);
    }

    public void ClearPublishes() => _publishes.Clear();
}
