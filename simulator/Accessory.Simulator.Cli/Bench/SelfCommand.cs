namespace Accessory.Simulator.Cli.Bench;

/// <summary>How to start this same accessory-sim build as a child process (apphost, or `dotnet accessory-sim.dll`).</summary>
internal static class SelfCommand
{
    public static (string File, string[] Prefix) Get()
    {
        string? path = Environment.ProcessPath;
        if (path != null && !string.Equals(Path.GetFileNameWithoutExtension(path), "dotnet", StringComparison.Ordinal))
        {
            return (path, Array.Empty<string>());
        }

        return (path ?? "dotnet", new[] { typeof(SelfCommand).Assembly.Location });
    }
}
