namespace Accessory.Portability.Tests;

/// <summary>
/// A throw-away copy of the build props, the core, the firmware's sources and the firmware compile project, so a
/// test can plant a file in the firmware and see what the compile against ../shared/nano-ref says about it.
/// </summary>
internal sealed class TempFirmwareCopy : TempRepoCopy
{
    private static readonly string[] ProjectFiles = { "Accessory.Firmware.Nano.csproj", "NanoRefMissing.targets" };

    public TempFirmwareCopy()
        : base("accessory-firmware-gate-")
    {
        CopySources(Path.Combine(BuildPaths.RepoRoot, "firmware", "Accessory.Core"), Path.Combine(Root, "firmware", "Accessory.Core"));
        CopySources(Path.Combine(BuildPaths.RepoRoot, "firmware", "Accessory.Firmware"), FirmwareDirectory);
        foreach (var file in ProjectFiles)
        {
            Copy(Path.Combine(BuildPaths.RepoRoot, "firmware", "Accessory.Firmware.Nano", file), Path.Combine(ProjectDirectory, file));
        }
    }

    public string FirmwareDirectory => Path.Combine(Root, "firmware", "Accessory.Firmware");

    public string ProjectDirectory => Path.Combine(Root, "firmware", "Accessory.Firmware.Nano");

    public string OutputAssembly => Path.Combine(ProjectDirectory, "bin", "Debug", "net10.0", "Accessory.Firmware.Nano.dll");

    public void AddFirmwareFile(string name, string source) => File.WriteAllText(Path.Combine(FirmwareDirectory, "Ports", name), source);

    /// <summary>Runs the real `dotnet build` of the copy against the given reference folder; exit code and output.</summary>
    public (int ExitCode, string Output) Build(string nanoRefDir) => RunBuild(ProjectDirectory, "firmware", "-p:NanoRefDir=" + nanoRefDir);
}
