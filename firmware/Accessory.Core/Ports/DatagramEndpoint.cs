namespace Accessory.Core.Ports;

/// <summary>An IP address (4 or 16 bytes) and UDP port.</summary>
public sealed class DatagramEndpoint
{
    public DatagramEndpoint(byte[] address, int port)
    {
        Address = address;
        Port = port;
    }

    public byte[] Address { get; }

    public int Port { get; }

    public bool IsIPv6 => Address.Length == 16;
}
