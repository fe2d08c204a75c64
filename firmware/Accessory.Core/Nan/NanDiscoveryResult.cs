namespace Accessory.Core.Nan;

/// <summary>A publisher a subscriber has found; one per (address, publish instance id).</summary>
public sealed class NanDiscoveryResult
{
    public NanDiscoveryResult(byte[] peerAddress, byte peerInstanceId, byte[]? serviceInfo)
    {
        PeerAddress = peerAddress;
        PeerInstanceId = peerInstanceId;
        ServiceInfo = serviceInfo;
    }

    public byte[] PeerAddress { get; }

    public byte PeerInstanceId { get; }

    public byte[]? ServiceInfo { get; }
}
