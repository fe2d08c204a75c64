using System.Diagnostics;

namespace Accessory.Portability.Tests;

/// <summary>
/// A throw-away folder laid out like the repository (build props at the root), into which a test copies the sources
/// and the compile-only project it wants to plant a file in, then runs the real `dotnet build` of that project.
/// </summary>
internal abstract class TempRepoCopy : IDisposable
{
    private static readonly string[] RootFiles = { "Directory.Build.props", "Directory.Packages.props" };

    protected TempRepoCopy(string prefix)
    {
        Root = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        foreach (var file in RootFiles)
        {
            Copy(Path.Combine(BuildPaths.RepoRoot, file), Path.Combine(Root, file));
        }
    }

    public string Root { get; }

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

    /// <summary>Runs the real `dotnet build` of <paramref name="projectDirectory"/>; returns exit code and output.</summary>
    protected (int ExitCode, string Output) RunBuild(string projectDirectory, string what, params string[] extraArguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        foreach (var arg in new[] { "build", projectDirectory, "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-v:minimal" }.Concat(extraArguments))
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
            throw new TimeoutException($"the {what} build of the temporary copy took over 4 minutes");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    protected static void CopySources(string from, string to)
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

    protected static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }
}
