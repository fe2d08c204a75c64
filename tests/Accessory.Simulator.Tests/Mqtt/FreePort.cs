using System.Net;
using System.Net.Sockets;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>A loopback TCP port nobody was listening on a moment ago (never 1883, so a system broker cannot interfere).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits (bounded) until something accepts TCP connections on the loopback port.</summary>
    public static bool WaitUntilListening(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            using var probe = new TcpClient();
            try
            {
                probe.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }

        return false;
    }
}
