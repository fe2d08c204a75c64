namespace Accessory.Core.Ports;

/// <summary>Called for every datagram that arrives (on the body's receive thread).</summary>
public delegate void DatagramReceived(byte[] data, DatagramEndpoint source);

/// <summary>
/// UDP for mDNS (and later NAN emulation): the body joins 224.0.0.251 / ff02::fb on port 5353 on the interfaces it
/// was configured with; the core only sends and receives bytes.
/// </summary>
public interface IDatagramTransport
{
    event DatagramReceived Received;

    /// <summary>Sends to the mDNS multicast group of the given family (224.0.0.251:5353 or [ff02::fb]:5353).</summary>
    void SendMulticast(byte[] data, bool ipv6);

    /// <summary>Sends to one peer (unicast responses to QU questions and to legacy resolvers).</summary>
    void SendUnicast(byte[] data, DatagramEndpoint destination);
}
