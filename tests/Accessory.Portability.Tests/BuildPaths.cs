using System.Reflection;

namespace Accessory.Portability.Tests;

/// <summary>Paths baked in at build time, so the tests find the repository wherever it is cloned.</summary>
internal static class BuildPaths
{
    public static string RepoRoot => Get("RepoRoot");

    public static string NanoCoreAssembly => Get("NanoCoreAssembly");

    public static string NanoFirmwareAssembly => Get("NanoFirmwareAssembly");

    private static string Get(string key) =>
        typeof(BuildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
