using System.Net;
using System.Net.Sockets;

namespace Accessory.Simulator.Fleet;

/// <summary>
/// A fleet device's listening port (its provisioning or local API port) cannot be bound; the fleet stops before any
/// device starts, with the port, the device and the file key to change named.
/// </summary>
public sealed class FleetPortException : Exception
{
    public FleetPortException()
    {
    }

    public FleetPortException(string message)
        : base(message)
    {
    }

    public FleetPortException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <param name="what">"provisioning" or "local API": which of the device's ports.</param>
    /// <param name="baseKey">The fleet file key that sets the range (http_port_base, https_port_base).</param>
    /// <param name="holder">Which devices hold one more descriptor each, for the out-of-descriptors hint.</param>
    public FleetPortException(string what, string baseKey, string holder, IPAddress address, int port, string deviceId, SocketException cause)
        : base($"{what} port {address}:{port} of device {deviceId}: {cause?.Message}{Hint(cause, baseKey, holder)}", cause)
    {
        Port = port;
    }

    public int Port { get; }

    private static string Hint(SocketException? cause, string baseKey, string holder) => cause?.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => $" (another program holds it; choose another {baseKey})",
        SocketError.AddressNotAvailable => " (no interface has that address; check 'bind')",
        SocketError.TooManyOpenSockets => $" (out of file descriptors: each {holder} holds one more; raise ulimit -n)",
        _ => string.Empty,
    };
}
