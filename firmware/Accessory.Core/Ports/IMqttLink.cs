namespace Accessory.Core.Ports;

/// <summary>A message arrived on a subscribed topic.</summary>
public delegate void MqttMessageReceived(string topic, byte[] payload);

/// <summary>The link to the broker went up or down; <paramref name="reason"/> is for logs (never secrets).</summary>
public delegate void MqttConnectionChanged(bool connected, string reason);

/// <summary>A QoS 1/2 publish was acknowledged by the broker (true) or failed (false).</summary>
public delegate void MqttPublishCompleted(bool delivered);

/// <summary>
/// The device's MQTT client (M2Mqtt on the firmware, MQTTnet in the simulator). Asynchronous in the body, so every
/// outcome comes back through events and callbacks; the core never blocks on the network.
/// </summary>
public interface IMqttLink
{
    event MqttMessageReceived MessageReceived;

    event MqttConnectionChanged ConnectionChanged;

    bool IsConnected { get; }

    /// <summary>Starts connecting; the result arrives as <see cref="ConnectionChanged"/>.</summary>
    void Connect(MqttSessionOptions options);

    void Disconnect();

    /// <summary>Publishes; <paramref name="completed"/> (may be null) reports the broker's acknowledgement.</summary>
    void Publish(string topic, byte[] payload, int qos, bool retain, MqttPublishCompleted? completed);

    void Subscribe(string topicFilter, int qos);
}
