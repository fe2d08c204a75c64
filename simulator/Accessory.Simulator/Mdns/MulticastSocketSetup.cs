using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Accessory.Simulator.Mdns;

/// <summary>
/// The socket options an mDNS responder needs: a shared port, membership on one interface, outgoing interface,
/// TTL/hop limit 255 and multicast loopback (so two responders on one host hear each other).
/// </summary>
internal static class MulticastSocketSetup
{
    // Linux values; .NET has no named option for SO_REUSEPORT and no ip_mreqn form of IP_MULTICAST_IF.
    private const int SolSocket = 1;
    private const int SoReusePort = 15;
    private const int IpProtoIp = 0;
    private const int IpMulticastIf = 32;

    public static void ShareAddress(Socket socket)
    {
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        if (OperatingSystem.IsLinux())
        {
            Span<byte> one = stackalloc byte[4];
            int enabled = 1;
            MemoryMarshal.Write(one, in enabled);
            socket.SetRawSocketOption(SolSocket, SoReusePort, one);
        }
    }

    public static void PrepareIPv4(Socket socket, int interfaceIndex, int port)
    {
        ShareAddress(socket);
        socket.Bind(new IPEndPoint(IPAddress.Any, port));
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(MdnsAddresses.GroupIPv4, interfaceIndex));
        if (interfaceIndex != 0)
        {
            SetIPv4MulticastInterface(socket, interfaceIndex);
        }

        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
    }

    public static void PrepareIPv6(Socket socket, int interfaceIndex, int port)
    {
        ShareAddress(socket);
        socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.IPv6Only, true);
        socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
        socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(MdnsAddresses.GroupIPv6, interfaceIndex));
        if (interfaceIndex != 0)
        {
            socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, interfaceIndex);
        }

        socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, 255);
        socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastLoopback, true);
    }

    /// <summary>A sender on an ephemeral port (a "legacy" one-shot resolver): outgoing interface and TTL only.</summary>
    public static void PrepareSender(Socket socket, int interfaceIndex)
    {
        bool ipv6 = socket.AddressFamily == AddressFamily.InterNetworkV6;
        socket.Bind(new IPEndPoint(ipv6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        if (ipv6)
        {
            if (interfaceIndex != 0)
            {
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, interfaceIndex);
            }

            socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, 255);
        }
        else
        {
            if (interfaceIndex != 0)
            {
                SetIPv4MulticastInterface(socket, interfaceIndex);
            }

            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
        }
    }

    private static void SetIPv4MulticastInterface(Socket socket, int interfaceIndex)
    {
        if (OperatingSystem.IsLinux())
        {
            // struct ip_mreqn { in_addr multiaddr; in_addr address; int ifindex; }: selects the link by index alone.
            Span<byte> request = stackalloc byte[12];
            request.Clear();
            MemoryMarshal.Write(request[8..], in interfaceIndex);
            socket.SetRawSocketOption(IpProtoIp, IpMulticastIf, request);
        }
        else
        {
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.HostToNetworkOrder(interfaceIndex));
        }
    }
}
