using System.Net;
using System.Net.Sockets;

namespace Accessory.Simulator.Net;

/// <summary>
/// The blocking receive loop of the simulator's datagram transports (mDNS, the NAN medium, the NAN control socket): runs until the socket
/// is closed or the owner says it is stopping; one failed receive is reported and skipped, never fatal.
/// </summary>
internal static class DatagramReceiveLoop
{
    public static void Run(Socket socket, int maxDatagram, Func<bool> stopping, Action<byte[], int, EndPoint> deliver, Action<SocketError> failed)
    {
        var buffer = new byte[maxDatagram];
        EndPoint any = socket.AddressFamily switch
        {
            AddressFamily.InterNetwork => new IPEndPoint(IPAddress.Any, 0),
            AddressFamily.Unix => new UnixDomainSocketEndPoint("/"),
            _ => new IPEndPoint(IPAddress.IPv6Any, 0),
        };
        while (!stopping())
        {
            int length;
            EndPoint from = any;
            try
            {
                length = socket.ReceiveFrom(buffer, ref from);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                if (stopping())
                {
                    return;
                }

                failed(e.SocketErrorCode);
                continue;
            }

            deliver(buffer, length, from);
        }
    }
}
