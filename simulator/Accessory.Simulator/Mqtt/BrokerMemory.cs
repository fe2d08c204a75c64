using System.Runtime;
using System.Runtime.InteropServices;

namespace Accessory.Simulator.Mqtt;

/// <summary>
/// Gives an idle broker's memory back to the system: the managed heap through one aggressive compacting collection
/// (which decommits the regions the clients' buffers used), and glibc's malloc arenas through malloc_trim, which
/// otherwise keep the native memory that sockets and TLS freed.
/// </summary>
internal static partial class BrokerMemory
{
    // glibc's M_ARENA_MAX.
    private const int ArenaMaxParameter = -8;
    private const int Arenas = 2;
    private static int _arenasLimited;

    /// <summary>
    /// Caps glibc's malloc arenas at two for the whole process, once, before the broker serves anyone. By default
    /// glibc gives contending threads up to 8 per core, and under a connect storm the runtime's pool threads spread
    /// small native allocations over them; malloc_trim cannot return a page with one live chunk left on it, so each
    /// arena kept a few such pages after every cycle (soak: arena memory 0.5 -> 3.4 -> 5.6 MB over two cycles).
    /// The runtime allocates little natively on its hot paths, so two arenas cost it nothing measurable.
    /// </summary>
    public static void LimitArenas()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _arenasLimited, 1) != 0)
        {
            return;
        }

        try
        {
            _ = mallopt(ArenaMaxParameter, Arenas);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (musl): no arenas to cap.
        }
        catch (DllNotFoundException)
        {
        }
    }

    public static void Release()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = malloc_trim(0);
            }
            catch (EntryPointNotFoundException)
            {
                // Not glibc (musl): nothing to trim this way.
            }
            catch (DllNotFoundException)
            {
            }
        }
    }

    [LibraryImport("libc")]
    private static partial int malloc_trim(nuint pad);

    [LibraryImport("libc")]
    private static partial int mallopt(int param, int value);
}
