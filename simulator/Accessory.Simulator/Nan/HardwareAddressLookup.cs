using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Accessory.Simulator.Nan;

/// <summary>
/// Reads an interface's MAC address through a socket, so the name is looked up in the namespace the socket lives
/// in (a test's veth, not the host's interface of the same name).
/// </summary>
internal static partial class HardwareAddressLookup
{
    private const ulong SiocGetHardwareAddress = 0x8927;
    private const int NameSize = 16;
    private const int RequestSize = 40;

    // struct ifreq: the name, then a sockaddr whose 2-byte family precedes the address bytes.
    private const int AddressOffset = NameSize + 2;

    public static byte[] Of(Socket socket, string name)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        if (nameBytes.Length == 0 || nameBytes.Length >= NameSize)
        {
            throw new ArgumentException($"'{name}' is not a valid interface name", nameof(name));
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("deriving the NAN address from an interface needs Linux; give the address instead");
        }

        byte[] request = new byte[RequestSize];
        nameBytes.CopyTo(request, 0);
        if (IoControl((int)socket.Handle, SiocGetHardwareAddress, request) != 0)
        {
            throw new IOException($"no interface named '{name}' in the socket's namespace (errno {Marshal.GetLastPInvokeError()})");
        }

        return request[AddressOffset..(AddressOffset + 6)];
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoControl(int fd, ulong request, byte[] argument);
}
