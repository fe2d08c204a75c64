using Accessory.Core.Ports;

namespace Accessory.TestKit;

/// <summary>
/// A fake link joining several <see cref="FakeDatagramTransport"/>s: multicast reaches every other member, unicast
/// the member with the destination address. Delivery takes 1 ms of the shared <see cref="ManualClock"/>, so a
/// sender never re-enters itself inside its own send call.
/// </summary>
public sealed class DatagramSegment
{
    private readonly ManualClock _clock;
    private readonly List<FakeDatagramTransport> _members = new();

    public DatagramSegment(ManualClock clock)
    {
        _clock = clock;
    }

    public FakeDatagramTransport Join(byte[] address)
    {
        var transport = new FakeDatagramTransport(_clock, address);
        transport.Sending += Carry;
        _members.Add(transport);
        return transport;
    }

    private void Carry(FakeDatagramTransport sender, SentDatagram datagram)
    {
        foreach (FakeDatagramTransport member in _members.ToArray())
        {
            bool reaches = datagram.Multicast
                ? member != sender
                : member.Address.AsSpan().SequenceEqual(datagram.Destination!.Address);
            if (reaches)
            {
                var source = new DatagramEndpoint(sender.Address, 5353);
                _clock.Schedule(1, () => member.Deliver(datagram.Data, source));
            }
        }
    }
}
