using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

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
    private const int SoBindToDevice = 25;
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

    /// <summary>
    /// Linux: only datagrams that arrived on <paramref name="interfaceName"/>. Without it a socket on 0.0.0.0:5353 also
    /// gets queries from links where another responder (avahi) joined the group, and would answer them on ours.
    /// </summary>
    public static void BindToDevice(Socket socket, string interfaceName)
    {
        if (OperatingSystem.IsLinux())
        {
            byte[] name = new byte[Encoding.UTF8.GetByteCount(interfaceName) + 1];
            Encoding.UTF8.GetBytes(interfaceName, 0, interfaceName.Length, name, 0);
            socket.SetRawSocketOption(SolSocket, SoBindToDevice, name);
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

    public static void SetIPv4MulticastInterface(Socket socket, int interfaceIndex)
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
