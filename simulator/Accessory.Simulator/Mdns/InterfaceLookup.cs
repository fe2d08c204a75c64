using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Accessory.Simulator.Mdns;

/// <summary>
/// Resolves an interface name to its index through a socket, so the name is looked up in the namespace the socket
/// was created in (not the namespace of whichever thread asks).
/// </summary>
internal static partial class InterfaceLookup
{
    private const ulong SiocGetInterfaceIndex = 0x8933;
    private const int NameSize = 16;
    private const int RequestSize = 40;

    public static int IndexOf(Socket socket, string name)
    {
        ArgumentNullException.ThrowIfNull(socket);
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        if (nameBytes.Length == 0 || nameBytes.Length >= NameSize)
        {
            throw new ArgumentException($"'{name}' is not a valid interface name", nameof(name));
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("choosing the mDNS interface by name needs Linux; give an index instead");
        }

        // struct ifreq: the name, then a union whose first member here is the int index.
        byte[] request = new byte[RequestSize];
        nameBytes.CopyTo(request, 0);
        if (IoControl((int)socket.Handle, SiocGetInterfaceIndex, request) != 0)
        {
            throw new IOException($"no interface named '{name}' in the socket's namespace (errno {Marshal.GetLastPInvokeError()})");
        }

        return BitConverter.ToInt32(request, NameSize);
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoControl(int fd, ulong request, byte[] argument);
}
