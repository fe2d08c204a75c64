using Accessory.Core.Text;

namespace Accessory.Core.Nan;

/// <summary>One discovery-engine event; <see cref="ToString"/> gives the wpa_supplicant-style log line.</summary>
public sealed class NanEvent
{
    public NanEvent(string name, byte localInstanceId, byte peerInstanceId, byte[]? peerAddress, byte[]? serviceInfo, string? reason)
    {
        Name = name;
        LocalInstanceId = localInstanceId;
        PeerInstanceId = peerInstanceId;
        PeerAddress = peerAddress;
        ServiceInfo = serviceInfo;
        Reason = reason;
    }

    /// <summary>One of <see cref="NanEvents"/>.</summary>
    public string Name { get; }

    /// <summary>This side's publish or subscribe instance id.</summary>
    public byte LocalInstanceId { get; }

    /// <summary>The peer's instance id; 0 for termination events.</summary>
    public byte PeerInstanceId { get; }

    public byte[]? PeerAddress { get; }

    public byte[]? ServiceInfo { get; }

    /// <summary>Termination reason (<see cref="NanEvents.ReasonTimeout"/>...), otherwise null.</summary>
    public string? Reason { get; }

    public override string ToString()
    {
        string address = PeerAddress == null ? string.Empty : NanAddress.Format(PeerAddress);
        string ssi = ServiceInfo == null ? string.Empty : Hex.EncodeLower(ServiceInfo);
        switch (Name)
        {
            case NanEvents.DiscoveryResult:
                return Name + " subscribe_id=" + LocalInstanceId + " publish_id=" + PeerInstanceId + " address=" + address + " ssi=" + ssi;
            case NanEvents.Replied:
                return Name + " publish_id=" + LocalInstanceId + " address=" + address + " subscribe_id=" + PeerInstanceId + " ssi=" + ssi;
            case NanEvents.Receive:
            case NanEvents.DataPathConfirmed:
                return Name + " id=" + LocalInstanceId + " peer_instance_id=" + PeerInstanceId + " address=" + address + " ssi=" + ssi;
            case NanEvents.DataPathRejected:
                return Name + " id=" + LocalInstanceId + " peer_instance_id=" + PeerInstanceId + " address=" + address + " reason=" + Reason;
            case NanEvents.PublishTerminated:
                return Name + " publish_id=" + LocalInstanceId + " reason=" + Reason;
            default:
                return Name + " subscribe_id=" + LocalInstanceId + " reason=" + Reason;
        }
    }
}
