using System.Globalization;

namespace Accessory.Simulator.Tests.Platform;

/// <summary>The calling thread's time slice as the kernel reports it (/proc/thread-self/sched, "se.slice", Linux 6.6+).</summary>
internal static class ThreadSlice
{
    public static string? UnavailableReason { get; } = Read() == null ? "this kernel does not report a thread's time slice (no se.slice in /proc/thread-self/sched; Linux 6.6+)" : null;

    /// <summary>Nanoseconds, or null where the kernel does not say.</summary>
    public static long? Read()
    {
        const string path = "/proc/thread-self/sched";
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith("se.slice", StringComparison.Ordinal))
            {
                return long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
