using Accessory.Core.Ports;

namespace Accessory.TestKit;

/// <summary>
/// An <see cref="IDatagramTransport"/> that records what is sent and lets a test (or a <see cref="DatagramSegment"/>)
/// deliver datagrams as if they arrived from the network.
/// </summary>
public sealed class FakeDatagramTransport : IDatagramTransport
{
    private readonly object _gate = new();
    private readonly List<SentDatagram> _sent = new();
    private readonly IClock _clock;

    public FakeDatagramTransport(IClock clock, byte[]? address = null)
    {
        _clock = clock;
        Address = address ?? new byte[] { 192, 168, 7, 1 };
    }

    public event DatagramReceived? Received;

    /// <summary>Called after each send (a segment uses it to carry the datagram to its other members).</summary>
    public event Action<FakeDatagramTransport, SentDatagram>? Sending;

    /// <summary>The address this member sends from.</summary>
    public byte[] Address { get; }

    public DatagramEndpoint Endpoint => new(Address, 5353);

    public IReadOnlyList<SentDatagram> Sent
    {
        get
        {
            lock (_gate)
            {
                return _sent.ToArray();
            }
        }
    }

    public void ClearSent()
    {
        lock (_gate)
        {
            _sent.Clear();
        }
    }

    public void SendMulticast(byte[] data, bool ipv6) => Record(new SentDatagram((byte[])data.Clone(), true, ipv6, null, _clock.UptimeMilliseconds));

    public void SendUnicast(byte[] data, DatagramEndpoint destination) =>
        Record(new SentDatagram((byte[])data.Clone(), false, destination.IsIPv6, destination, _clock.UptimeMilliseconds));

    /// <summary>Raises <see cref="Received"/> as the body's receive thread would.</summary>
    public void Deliver(byte[] data, DatagramEndpoint source) => Received?.Invoke(data, source);

    private void Record(SentDatagram datagram)
    {
        lock (_gate)
        {
            _sent.Add(datagram);
        }

        Sending?.Invoke(this, datagram);
    }
}
