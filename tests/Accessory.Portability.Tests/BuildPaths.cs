using System.Reflection;

namespace Accessory.Portability.Tests;

/// <summary>Paths baked in at build time, so the tests find the repository wherever it is cloned.</summary>
internal static class BuildPaths
{
    public static string RepoRoot => Get("RepoRoot");

    public static string NanoCoreAssembly => Get("NanoCoreAssembly");

    public static string NanoFirmwareAssembly => Get("NanoFirmwareAssembly");

    /// <summary>simulator/Accessory.Board: the desktop emulation of the nanoFramework APIs the firmware uses.</summary>
    public static string BoardAssembly => Get("BoardAssembly");

    /// <summary>../shared/nano-ref next to the repository: the nanoFramework reference assemblies (may be absent).</summary>
    public static string NanoRefDir => Path.GetFullPath(Get("NanoRefDir"));

    public static string NanoRefLib => Path.Combine(NanoRefDir, "lib");

    /// <summary>Null when the reference assemblies are here; otherwise why the firmware checks cannot run.</summary>
    public static string? NanoRefMissingReason =>
        File.Exists(Path.Combine(NanoRefLib, "System.Device.Wifi.dll")) ? null : "skipped: no reference assemblies (" + NanoRefLib + " not found)";

    private static string Get(string key) =>
        typeof(BuildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
