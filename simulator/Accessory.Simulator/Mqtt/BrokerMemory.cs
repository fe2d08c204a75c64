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
}
