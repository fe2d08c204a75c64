using System.Net;
using System.Net.Sockets;

namespace Accessory.Simulator.Fleet;

/// <summary>A fleet device's local API port cannot be bound; the fleet stops before any device starts.</summary>
public sealed class FleetLocalApiPortException : Exception
{
    public FleetLocalApiPortException()
    {
    }

    public FleetLocalApiPortException(string message)
        : base(message)
    {
    }

    public FleetLocalApiPortException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FleetLocalApiPortException(IPAddress address, int port, string deviceId, SocketException cause)
        : base($"local API port {address}:{port} of device {deviceId}: {cause?.Message}{Hint(cause)}", cause)
    {
        Port = port;
    }

    public int Port { get; }

    private static string Hint(SocketException? cause) => cause?.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => " (another program holds it; choose another https_port_base)",
        SocketError.AddressNotAvailable => " (no interface has that address; check 'bind')",
        SocketError.TooManyOpenSockets => " (out of file descriptors: each local API device holds one more; raise ulimit -n)",
        _ => string.Empty,
    };
}
