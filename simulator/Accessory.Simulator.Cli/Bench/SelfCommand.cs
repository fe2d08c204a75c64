using System.Diagnostics;

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

    /// <summary>This build with <paramref name="args"/>, nothing redirected yet.</summary>
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var (file, prefix) = Get();
        var start = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var arg in prefix.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
