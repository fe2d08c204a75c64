namespace Accessory.Portability.Tests;

/// <summary>
/// A throw-away copy of the build props, the core's sources and the nanoFramework compile project, so a test can
/// plant a file in the core and see what the real nanoFramework compile says about it.
/// </summary>
internal sealed class TempCoreCopy : TempRepoCopy
{
    public TempCoreCopy()
        : base("accessory-portability-")
    {
        CopySources(Path.Combine(BuildPaths.RepoRoot, "firmware", "Accessory.Core"), CoreDirectory);
        Copy(
            Path.Combine(BuildPaths.RepoRoot, "firmware", "Accessory.Core.Nano", "Accessory.Core.Nano.csproj"),
            Path.Combine(NanoProjectDirectory, "Accessory.Core.Nano.csproj"));
    }

    public string CoreDirectory => Path.Combine(Root, "firmware", "Accessory.Core");

    public string NanoProjectDirectory => Path.Combine(Root, "firmware", "Accessory.Core.Nano");

    public string OutputAssembly => Path.Combine(NanoProjectDirectory, "bin", "Debug", "net10.0", "Accessory.Core.Nano.dll");

    public void AddCoreFile(string name, string source) => File.WriteAllText(Path.Combine(CoreDirectory, name), source);

    /// <summary>Runs the real `dotnet build` of the copied nanoFramework project; returns exit code and output.</summary>
    public (int ExitCode, string Output) BuildNano() => RunBuild(NanoProjectDirectory, "nanoFramework");
}
