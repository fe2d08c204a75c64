using Accessory.Core.Ports;

namespace Accessory.Core.Nan;

/// <summary>One data-path request waiting for its answer: where it went, what was sent, how many sends are left.</summary>
internal sealed class NanDataPathAttempt
{
    public NanDataPathAttempt(byte[] peerAddress, byte peerInstanceId, byte[] request, int sendsLeft)
    {
        PeerAddress = peerAddress;
        PeerInstanceId = peerInstanceId;
        Request = request;
        SendsLeft = sendsLeft;
    }

    public byte[] PeerAddress { get; }

    public byte PeerInstanceId { get; }

    public byte[] Request { get; }

    public int SendsLeft { get; set; }

    public IScheduledWork? Timer { get; set; }

    public bool Matches(byte[]? address, byte instanceId) =>
        instanceId == PeerInstanceId && address != null && NanAddress.SameAs(address, PeerAddress);
}
