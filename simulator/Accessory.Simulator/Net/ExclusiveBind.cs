using System.Net.Sockets;

namespace Accessory.Simulator.Net;

/// <summary>
/// Listening sockets that own their port. .NET's <c>ReuseAddress</c> sets SO_REUSEPORT as well as SO_REUSEADDR on
/// Linux, and SO_REUSEPORT lets a second process bind the same port and take half the connections; plain
/// SO_REUSEADDR only lets a restart bind over TIME_WAIT leftovers of its own earlier connections.
/// </summary>
public static class ExclusiveBind
{
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    /// <summary>Allows a rebind over TIME_WAIT, never a second live listener.</summary>
    public static void AllowRebindAfterRestart(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        }
    }

    /// <summary>A TCP socket bound to <paramref name="endPoint"/> and listening, or the bind's SocketException.</summary>
    public static Socket Listen(System.Net.IPEndPoint endPoint, int backlog)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            AllowRebindAfterRestart(socket);
            socket.Bind(endPoint);
            socket.Listen(backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
