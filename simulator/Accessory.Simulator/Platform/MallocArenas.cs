using System.Runtime.InteropServices;

namespace Accessory.Simulator.Platform;

/// <summary>
/// Stops glibc from adding malloc arenas for the rest of the process's life. glibc gives each thread that allocates
/// an arena of its own, up to eight per core, and an arena whose freed chunks are pinned by one live chunk keeps its
/// pages: after a connect storm the embedded broker held 3-4 MB more in 15 arenas than before it, which malloc_trim
/// could not return (docs/fleet.md, "The embedded broker's memory"). glibc fixes its arena limit the first time a
/// thread needs a ninth arena, so this runs first thing in Main; by then the runtime's own threads have made about
/// six, and the cap keeps it at those (new threads share them). MALLOC_ARENA_MAX in the environment, when set, is
/// left to glibc.
/// </summary>
public static partial class MallocArenas
{
    /// <summary>The cap asked for; arenas made before it stay, and none are added while there are this many or more.</summary>
    public const int Limit = 2;

    // mallopt's parameter number for the arena cap (malloc.h).
    private const int MArenaMax = -8;

    /// <summary>Applies the cap on glibc; false where there is no glibc (musl, other systems) or it was refused.</summary>
    public static bool Cap()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") != null)
        {
            return false;
        }

        try
        {
            return mallopt(MArenaMax, Limit) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc")]
    private static partial int mallopt(int param, int value);
}
