using System.Diagnostics;

namespace Accessory.Portability.Tests;

/// <summary>
/// A throw-away copy of the build props, the core's sources and the nanoFramework compile project, so a test can
/// plant a file in the core and see what the real nanoFramework compile says about it.
/// </summary>
internal sealed class TempCoreCopy : IDisposable
{
    private static readonly string[] RootFiles = { "Directory.Build.props", "Directory.Packages.props" };

    public TempCoreCopy()
    {
        Root = Path.Combine(Path.GetTempPath(), "accessory-portability-" + Guid.NewGuid().ToString("N"));
        foreach (var file in RootFiles)
        {
            Copy(Path.Combine(BuildPaths.RepoRoot, file), Path.Combine(Root, file));
        }

        CopySources(Path.Combine(BuildPaths.RepoRoot, "firmware", "Accessory.Core"), CoreDirectory);
        Copy(
            Path.Combine(BuildPaths.RepoRoot, "firmware", "Accessory.Core.Nano", "Accessory.Core.Nano.csproj"),
            Path.Combine(NanoProjectDirectory, "Accessory.Core.Nano.csproj"));
    }

    public string Root { get; }

    public string CoreDirectory => Path.Combine(Root, "firmware", "Accessory.Core");

    public string NanoProjectDirectory => Path.Combine(Root, "firmware", "Accessory.Core.Nano");

    public string OutputAssembly => Path.Combine(NanoProjectDirectory, "bin", "Debug", "net10.0", "Accessory.Core.Nano.dll");

    public void AddCoreFile(string name, string source) => File.WriteAllText(Path.Combine(CoreDirectory, name), source);

    /// <summary>Runs the real `dotnet build` of the copied nanoFramework project; returns exit code and output.</summary>
    public (int ExitCode, string Output) BuildNano()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        foreach (var arg in new[] { "build", NanoProjectDirectory, "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-v:minimal" })
        {
            start.ArgumentList.Add(arg);
        }

        // The test host runs under `dotnet test`, whose MSBuild variables would point the child build at the wrong SDK state.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the nanoFramework build of the temporary copy took over 4 minutes");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Leftovers in the temp folder are harmless; never mask the test's own result.
        }
    }

    private static void CopySources(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is "bin" or "obj")
            {
                continue;
            }

            Copy(file, Path.Combine(to, relative));
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }
}
