using System.CommandLine;
using Accessory.Simulator;

namespace Accessory.Simulator.Cli;

/// <summary>Options every device-facing command shares, and how they resolve to a data folder.</summary>
internal static class CommonOptions
{
    public static Option<string> Device { get; } = new("--device")
    {
        Description = "Name of the simulated device; selects its data folder under ~/.local/share/accessory-sim/devices/.",
        DefaultValueFactory = _ => "default",
    };

    public static Option<DirectoryInfo?> DataDir { get; } = new("--data-dir")
    {
        Description = "Folder holding the device's settings (overrides --device).",
    };

    public static string ResolveDataDirectory(ParseResult result)
    {
        var explicitDir = result.GetValue(DataDir);
        return explicitDir?.FullName ?? DataFolders.ForDevice(result.GetValue(Device)!);
    }
}
