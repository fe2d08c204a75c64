using System.Net;
using System.Net.Sockets;

namespace Accessory.TestKit;

/// <summary>
/// A burst of datagrams for receive-path tests: datagram i carries i in its first two bytes (big-endian) and
/// <paramref name="marker"/> in its last, so a receiver can check it got each datagram's own bytes.
/// </summary>
public static class NumberedBurst
{
    public static void Send(Socket sender, EndPoint target, int count, int length, byte marker)
    {
        ArgumentNullException.ThrowIfNull(sender);
        var datagram = new byte[length];
        datagram[length - 1] = marker;
        for (int i = 0; i < count; i++)
        {
            datagram[0] = (byte)(i >> 8);
            datagram[1] = (byte)i;
            sender.SendTo(datagram, target);
            if (i % 100 == 99)
            {
                Thread.Sleep(5); // stay well inside the receiver's socket buffer
            }
        }
    }
}
