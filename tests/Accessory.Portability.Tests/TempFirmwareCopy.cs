using System.Diagnostics;

namespace Accessory.Portability.Tests;

/// <summary>
/// A throw-away copy of the build props, the core, the firmware's sources and the firmware compile project, so a
/// test can plant a file in the firmware and see what the compile against ../shared/nano-ref says about it.
/// </summary>
internal sealed class TempFirmwareCopy : IDisposable
{
    private static readonly string[] RootFiles = { "Directory.Build.props", "Directory.Packages.props" };
    private static readonly string[] ProjectFiles = { "Accessory.Firmware.Nano.csproj", "NanoRefMissing.targets" };

    public TempFirmwareCopy()
    {
        Root = Path.Combine(Path.GetTempPath(), "accessory-firmware-gate-" + Guid.NewGuid().ToString("N"));
        foreach (var file in RootFiles)
        {
            Copy(Path.Combine(BuildPaths.RepoRoot, file), Path.Combine(Root, file));
        }

        CopySources(Path.Combine(BuildPaths.RepoRoot, "firmware", "Accessory.Core"), Path.Combine(Root, "firmware", "Accessory.Core"));
        CopySources(Path.Combine(BuildPaths.RepoRoot, "firmware", "Accessory.Firmware"), FirmwareDirectory);
        foreach (var file in ProjectFiles)
        {
            Copy(Path.Combine(BuildPaths.RepoRoot, "firmware", "Accessory.Firmware.Nano", file), Path.Combine(ProjectDirectory, file));
        }
    }

    public string Root { get; }

    public string FirmwareDirectory => Path.Combine(Root, "firmware", "Accessory.Firmware");

    public string ProjectDirectory => Path.Combine(Root, "firmware", "Accessory.Firmware.Nano");

    public string OutputAssembly => Path.Combine(ProjectDirectory, "bin", "Debug", "net10.0", "Accessory.Firmware.Nano.dll");

    public void AddFirmwareFile(string name, string source) => File.WriteAllText(Path.Combine(FirmwareDirectory, "Ports", name), source);

    /// <summary>Runs the real `dotnet build` of the copy against the given reference folder; exit code and output.</summary>
    public (int ExitCode, string Output) Build(string nanoRefDir)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        foreach (var arg in new[] { "build", ProjectDirectory, "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-v:minimal", "-p:NanoRefDir=" + nanoRefDir })
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
            throw new TimeoutException("the firmware build of the temporary copy took over 4 minutes");
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
