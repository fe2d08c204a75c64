extern alias desktop;
using System.Net;
using System.Net.Sockets;


namespace System.Net.Sockets
{
    /// <summary>
    /// The members nanoFramework's UdpClient has and .NET's lacks, for the firmware's calls (extension methods only
    /// apply where .NET has no instance member of that shape).
    /// </summary>
    public static class NanoUdpClientMembers
    {
        /// <summary>nanoFramework: receives into the caller's buffer and returns the datagram's length.</summary>
        public static int Receive(this UdpClient client, byte[] buffer, ref IPEndPoint remoteEP)
        {
            ArgumentNullException.ThrowIfNull(client);
            ArgumentNullException.ThrowIfNull(buffer);
            EndPoint from = new IPEndPoint(remoteEP.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            int length = client.Client.ReceiveFrom(buffer, ref from);
            remoteEP = (IPEndPoint)from;
            return length;
        }

        /// <summary>nanoFramework: the interface outgoing multicast leaves by.</summary>
        public static void SetMulticastInterface(this UdpClient client, IPAddress localAddress)
        {
            ArgumentNullException.ThrowIfNull(client);
            ArgumentNullException.ThrowIfNull(localAddress);
            // As lwIP (and Linux) refuse an address that is not the board's, and so that the emulated board never
            // multicasts on an interface other than the one it was given (the virtual AP's DHCP address is no host's).
            if (!IsLocal(localAddress))
            {
                throw new SocketException((int)SocketError.AddressNotAvailable);
            }

            client.Client.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, localAddress.GetAddressBytes());
        }

        private static bool IsLocal(IPAddress address)
        {
            foreach (var face in desktop::System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var unicast in face.GetIPProperties().UnicastAddresses)
                {
                    if (unicast.Address.Equals(address))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
