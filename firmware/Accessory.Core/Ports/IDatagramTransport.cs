namespace Accessory.Core.Ports;

/// <summary>
/// Called for every datagram that arrives (on the body's receive thread). <paramref name="data"/> is the handler's
/// only until it returns: a body may lend the same array again for a later datagram (no allocation per datagram),
/// so a handler copies what it keeps (the mDNS responder does).
/// </summary>
public delegate void DatagramReceived(byte[] data, DatagramEndpoint source);

/// <summary>
/// UDP for mDNS (and later NAN emulation): the body joins 224.0.0.251 / ff02::fb on port 5353 on the interfaces it
/// was configured with; the core only sends and receives bytes.
/// </summary>
public interface IDatagramTransport
{
    event DatagramReceived Received;

    /// <summary>
    /// Sends to the mDNS multicast group of the given family (224.0.0.251:5353 or [ff02::fb]:5353). Like
    /// <see cref="SendUnicast"/>, done with <paramref name="data"/> when it returns (sent or copied): the caller may
    /// change the array afterwards.
    /// </summary>
    void SendMulticast(byte[] data, bool ipv6);

    /// <summary>Sends to one peer (unicast responses to QU questions and to legacy resolvers); done with <paramref name="data"/> when it returns.</summary>
    void SendUnicast(byte[] data, DatagramEndpoint destination);
}
