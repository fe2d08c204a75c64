using System.Reflection;

namespace Accessory.Simulator.Tests.Support;

/// <summary>Paths of child programs, baked in at build time.</summary>
internal static class BuildPaths
{
    public static string StoreWriter => Get("StoreWriter");

    public static string RepoRoot => Get("RepoRoot");

    /// <summary>The documented example client, run as an independent "phone" (Debian's Python).</summary>
    public static string ProvisionScript => Path.Combine(RepoRoot, "docs", "examples", "provision.py");

    public static string SimulatorCli => Get("SimulatorCli");

    private static string Get(string key) =>
        typeof(BuildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
