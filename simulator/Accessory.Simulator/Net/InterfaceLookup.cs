using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Accessory.Simulator.Net;

/// <summary>
/// Facts about a network interface asked through a socket, so the name is looked up in the namespace the socket
/// was created in (a test's veth), not in the namespace of whichever thread asks.
/// </summary>
public static partial class InterfaceLookup
{
    private const ulong SiocGetHardwareAddress = 0x8927;
    private const ulong SiocGetInterfaceIndex = 0x8933;
    private const int NameSize = 16;
    private const int RequestSize = 40;

    // struct ifreq: the name, then a union: the int index, or a sockaddr whose 2-byte family precedes the address.
    private const int HardwareAddressOffset = NameSize + 2;

    // Any port will do: connecting a datagram socket sends nothing, it only makes the kernel choose a source address.
    private const int DiscardPort = 9;

    public static int IndexOf(Socket socket, string name) =>
        BitConverter.ToInt32(Ask(socket, name, SiocGetInterfaceIndex), NameSize);

    /// <summary>The interface's 6-byte MAC address.</summary>
    public static byte[] HardwareAddressOf(Socket socket, string name) =>
        Ask(socket, name, SiocGetHardwareAddress)[HardwareAddressOffset..(HardwareAddressOffset + 6)];

    /// <summary>
    /// The interface's IPv6 link-local address with its scope id set to the interface index (as a peer on the same
    /// link would see it), or null when the interface has none (IPv6 off, or no link-local address configured).
    /// </summary>
    /// <param name="datagramSocket">Creates a datagram socket of the given family in the namespace to look in.</param>
    public static IPAddress? LinkLocalAddressOf(Func<AddressFamily, Socket> datagramSocket, string name)
    {
        ArgumentNullException.ThrowIfNull(datagramSocket);
        Socket socket;
        try
        {
            socket = datagramSocket(AddressFamily.InterNetworkV6);
        }
        catch (SocketException)
        {
            return null;
        }

        using (socket)
        {
            int index = IndexOf(socket, name);
            try
            {
                // The source the kernel picks for the link's all-nodes group is the link-local address of that link.
                socket.Connect(new IPEndPoint(new IPAddress(IPAddress.Parse("ff02::1").GetAddressBytes(), index), DiscardPort));
            }
            catch (SocketException)
            {
                return null;
            }

            var local = ((IPEndPoint)socket.LocalEndPoint!).Address;
            return local.IsIPv6LinkLocal ? new IPAddress(local.GetAddressBytes(), index) : null;
        }
    }

    private static byte[] Ask(Socket socket, string name, ulong request)
    {
        ArgumentNullException.ThrowIfNull(socket);
        byte[] nameBytes = Encoding.UTF8.GetBytes(name ?? string.Empty);
        if (nameBytes.Length == 0 || nameBytes.Length >= NameSize)
        {
            throw new ArgumentException($"'{name}' is not a valid interface name", nameof(name));
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("looking up an interface by name needs Linux; give an index or address instead");
        }

        byte[] buffer = new byte[RequestSize];
        nameBytes.CopyTo(buffer, 0);
        if (IoControl((int)socket.Handle, request, buffer) != 0)
        {
            throw new IOException($"no interface named '{name}' in the socket's namespace (errno {Marshal.GetLastPInvokeError()})");
        }

        return buffer;
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoControl(int fd, ulong request, byte[] argument);
}
