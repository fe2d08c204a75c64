extern alias desktop;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;


namespace System.Net.Sockets
{
    /// <summary>
    /// The members nanoFramework's UdpClient has and .NET's lacks, for the firmware's calls (extension methods only
    /// apply where .NET has no instance member of that shape).
    /// </summary>
    public static class NanoUdpClientMembers
    {
        // One socket address per client, reused by every receive on it (a client has one receive thread).
        private static readonly ConditionalWeakTable<UdpClient, SocketAddress> ReceivedAddresses = new();

        /// <summary>
        /// nanoFramework: receives into the caller's buffer and returns the datagram's length. When the sender equals
        /// <paramref name="remoteEP"/> it is left as it is, so a repeating sender costs no allocation here and
        /// allocation measured around the firmware is the firmware's own (nanoFramework's UdpClient and native
        /// recvfrom allocate new endpoint objects per call: docs/fidelity.md). An endpoint once handed out is never
        /// changed.
        /// </summary>
        public static int Receive(this UdpClient client, byte[] buffer, ref IPEndPoint remoteEP)
        {
            ArgumentNullException.ThrowIfNull(client);
            ArgumentNullException.ThrowIfNull(buffer);
            var socket = client.Client;
            if (!ReceivedAddresses.TryGetValue(client, out var received))
            {
                received = new SocketAddress(socket.AddressFamily);
                ReceivedAddresses.AddOrUpdate(client, received);
            }

            // The last receive may have left a shorter size (none at all when woken by a close).
            received.Size = SocketAddress.GetMaximumAddressSize(socket.AddressFamily);
            int length = socket.ReceiveFrom(buffer, SocketFlags.None, received);
            if (received.Size == 0)
            {
                // Woken by the socket being closed: no datagram, no sender (.NET's own ReceiveFrom returns 0 here too).
                return length;
            }

            if (remoteEP == null || !SameEndPoint(remoteEP, received))
            {
                remoteEP = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(received);
            }

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

        private static bool SameEndPoint(IPEndPoint endPoint, SocketAddress address)
        {
            // Linux sockaddr_in / sockaddr_in6: family (2), port (2, network order), [flow info (4)], address, [scope (4)].
            ReadOnlySpan<byte> raw = address.Buffer.Span;
            if (endPoint.AddressFamily != address.Family || endPoint.Port != ((raw[2] << 8) | raw[3]))
            {
                return false;
            }

            bool ipv6 = address.Family == AddressFamily.InterNetworkV6;
            Span<byte> mine = stackalloc byte[16];
            if (!endPoint.Address.TryWriteBytes(mine, out int written))
            {
                return false;
            }

            ReadOnlySpan<byte> theirs = ipv6 ? raw.Slice(8, 16) : raw.Slice(4, 4);
            return mine[..written].SequenceEqual(theirs)
                && (!ipv6 || endPoint.Address.ScopeId == BitConverter.ToUInt32(raw.Slice(24, 4)));
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
