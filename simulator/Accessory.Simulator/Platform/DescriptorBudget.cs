using System.Runtime.InteropServices;

namespace Accessory.Simulator.Platform;

/// <summary>
/// Whether the process can afford one more connection's file descriptor. The runtime needs descriptors of its own
/// (a new thread-pool thread fails as "Out of memory" when none is left), so connections stop a margin short of
/// RLIMIT_NOFILE instead of running the process into EMFILE. Read afresh each time: the limit can change under a
/// running process (prlimit), and other parts open and close files.
/// </summary>
public static partial class DescriptorBudget
{
    /// <summary>Descriptors always left to the runtime and the device's other parts.</summary>
    public const int Headroom = 16;

    private const int RlimitNofile = 7;

    /// <summary>False when the process is within <see cref="Headroom"/> of its descriptor limit (or cannot tell).</summary>
    public static bool HasRoom()
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        if (getrlimit(RlimitNofile, out var limit) != 0 || limit.Current >= int.MaxValue)
        {
            return true;
        }

        try
        {
            int open = Directory.EnumerateFileSystemEntries("/proc/self/fd").Count();
            return open + Headroom < (long)limit.Current;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not even the descriptor to list them: certainly no room.
            return false;
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, out RLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
