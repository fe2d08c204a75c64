using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Accessory.Simulator.Mdns;

/// <summary>
/// Receives datagrams with the time the kernel queued each on the socket (SO_TIMESTAMPNS, CLOCK_REALTIME), so a load
/// generator can time answers without its own receive thread's scheduling delay in the figure. Linux only.
/// </summary>
internal static unsafe partial class KernelArrivalReceiver
{
    private const int SolSocket = 1;
    private const int SoTimestampNs = 35;
    private const int ScmTimestampNs = SoTimestampNs;

    /// <summary>Asks the kernel to stamp every datagram; false where it cannot.</summary>
    public static bool Enable(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            socket.SetRawSocketOption(SolSocket, SoTimestampNs, BitConverter.GetBytes(1));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>One datagram into <paramref name="buffer"/>: its length (-1 on an error, the receive timeout included) and its arrival in Unix nanoseconds (0 if unstamped).</summary>
    public static int Receive(Socket socket, byte[] buffer, out long arrivalUnixNs)
    {
        arrivalUnixNs = 0;
        byte* control = stackalloc byte[64];
        fixed (byte* data = buffer)
        {
            var vector = new IoVector { Base = data, Length = (nuint)buffer.Length };
            var header = new MessageHeader { Vectors = &vector, VectorCount = 1, Control = control, ControlLength = 64 };
            nint length = recvmsg((int)socket.SafeHandle.DangerousGetHandle(), &header, 0);
            if (length < 0)
            {
                return -1;
            }

            // struct cmsghdr { size_t len; int level; int type; } then the data, 8-byte aligned.
            byte* at = control;
            byte* end = control + (long)header.ControlLength;
            while (at + 16 <= end)
            {
                long cmsgLength = *(long*)at;
                int level = *(int*)(at + 8);
                int type = *(int*)(at + 12);
                if (cmsgLength < 16)
                {
                    break;
                }

                if (level == SolSocket && type == ScmTimestampNs && cmsgLength >= 32)
                {
                    long seconds = *(long*)(at + 16);
                    long nanoseconds = *(long*)(at + 24);
                    arrivalUnixNs = (seconds * 1_000_000_000L) + nanoseconds;
                }

                at += (cmsgLength + 7) & ~7L;
            }

            return (int)length;
        }
    }

    [LibraryImport("libc")]
    private static partial nint recvmsg(int socket, MessageHeader* message, int flags);

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public byte* Control;
        public nuint ControlLength;
        public int Flags;
    }
}
