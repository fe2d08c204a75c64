namespace Accessory.Core.Cloud;

/// <summary>A publish waiting in the <see cref="OutboundQueue"/>.</summary>
public sealed class OutboundMessage
{
    public OutboundMessage(string topic, byte[] payload, int qos, bool retain)
    {
        Topic = topic;
        Payload = payload;
        Qos = qos;
        Retain = retain;
    }

    public string Topic { get; }

    public byte[] Payload { get; }

    public int Qos { get; }

    public bool Retain { get; }

    /// <summary>Handed to the link and not yet acknowledged.</summary>
    public bool InFlight { get; internal set; }

    /// <summary>Bumped on every send, so an acknowledgement of an earlier attempt cannot settle a later one.</summary>
    public int Attempt { get; internal set; }
}
