using System.Runtime.InteropServices;

namespace Accessory.Simulator.Platform;

/// <summary>
/// Asks Linux for a short time slice for the calling thread (sched_setattr's sched_runtime on SCHED_OTHER, honoured by
/// the EEVDF scheduler since Linux 6.12; tried on 6.18 only; a refusal returns false). A thread that sleeps until a
/// datagram arrives and then works for microseconds is thereby allowed to preempt a thread that is running out a
/// longer slice, instead of waiting up to that slice (1.4 ms by default on the 2-CPU build machine) for the CPU it was
/// woken on. Needs no privilege: it only shortens the caller's own slice; its share of the CPU is unchanged.
/// </summary>
public static unsafe partial class ShortTimeSlice
{
    // The kernel accepts 0.1..100 ms.
    public const long MinimumNanoseconds = 100_000;

    private const int AttrSizeVersion0 = 48;

    /// <summary>True if the kernel took the request; false on other systems or when refused (never throws).</summary>
    public static bool RequestForCurrentThread(long nanoseconds = MinimumNanoseconds)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var (get, set) = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => (315L, 314L),
            Architecture.Arm64 => (275L, 274L),
            _ => (0L, 0L),
        };
        if (get == 0)
        {
            return false;
        }

        var attr = default(SchedAttr);
        if (syscall(get, 0, &attr, AttrSizeVersion0, 0) != 0 || attr.Policy != 0)
        {
            // Only for SCHED_OTHER: a thread someone made real-time or idle keeps what it was given.
            return false;
        }

        attr.Size = AttrSizeVersion0;
        attr.Runtime = (ulong)nanoseconds;
        return syscall(set, 0, &attr, 0, 0) == 0;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, long pid, SchedAttr* attr, long size, long flags);

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedAttr
    {
        public uint Size;
        public uint Policy;
        public ulong Flags;
        public int Nice;
        public uint Priority;
        public ulong Runtime;
        public ulong Deadline;
        public ulong Period;
    }
}
