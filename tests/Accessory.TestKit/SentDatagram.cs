using Accessory.Core.Ports;

namespace Accessory.TestKit;

/// <summary>One datagram a <see cref="FakeDatagramTransport"/> was asked to send.</summary>
public sealed class SentDatagram
{
    public SentDatagram(byte[] data, bool multicast, bool ipv6, DatagramEndpoint? destination, long atMilliseconds)
    {
        Data = data;
        Multicast = multicast;
        IPv6 = ipv6;
        Destination = destination;
        AtMilliseconds = atMilliseconds;
    }

    public byte[] Data { get; }

    public bool Multicast { get; }

    public bool IPv6 { get; }

    /// <summary>The unicast destination; null for multicast.</summary>
    public DatagramEndpoint? Destination { get; }

    /// <summary>The clock's time when it was sent.</summary>
    public long AtMilliseconds { get; }
}
