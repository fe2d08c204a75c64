using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace Accessory.Portability.Tests;

/// <summary>
/// The Visual Studio project (.nfproj) and packages.config must open and build the same firmware the compile gate
/// checks: every source file listed, and exactly the packages and versions of ../shared/nano-ref.
/// </summary>
public class FirmwareProjectFilesTests
{
    private static readonly XNamespace Msbuild = "http://schemas.microsoft.com/developer/msbuild/2003";

    private static string FirmwareDirectory => Path.Combine(BuildPaths.RepoRoot, "firmware", "Accessory.Firmware");

    [Fact]
    public void The_nfproj_lists_every_firmware_source_file_and_links_the_core()
    {
        var project = XDocument.Load(Path.Combine(FirmwareDirectory, "Accessory.Firmware.nfproj"));
        var listed = project.Descendants(Msbuild + "Compile").Select(c => (string)c.Attribute("Include")!).ToList();
        var onDisk = Directory.EnumerateFiles(FirmwareDirectory, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(FirmwareDirectory, f))
            .Where(f => !f.StartsWith("obj", StringComparison.Ordinal) && !f.StartsWith("bin", StringComparison.Ordinal))
            .Select(f => f.Replace('/', '\\'))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Contains(@"..\Accessory.Core\**\*.cs", listed);
        Assert.Equal(onDisk, listed.Where(f => !f.StartsWith(@"..\", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList());
    }

    [NanoRefFact]
    public void Packages_config_names_exactly_the_nano_ref_packages_and_versions()
    {
        var expected = ExpectedPackages().Select(p => p.Id + " " + p.Version).Distinct().Order(StringComparer.Ordinal).ToList();
        var config = XDocument.Load(Path.Combine(FirmwareDirectory, "packages.config"));
        var listed = config.Descendants("package").Select(p => (string)p.Attribute("id")! + " " + (string)p.Attribute("version")!).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, listed);
    }

    [NanoRefFact]
    public void The_nfproj_references_every_nano_ref_assembly_from_its_package()
    {
        var project = XDocument.Load(Path.Combine(FirmwareDirectory, "Accessory.Firmware.nfproj"));
        var references = project.Descendants(Msbuild + "Reference")
            .Select(r => (string)r.Attribute("Include")! + " " + (string)r.Element(Msbuild + "HintPath")!)
            .Order(StringComparer.Ordinal)
            .ToList();
        var expected = ExpectedPackages()
            .Select(p => p.Assembly + " " + @"packages\" + p.Id + "." + p.Version + @"\lib\" + p.Assembly + ".dll")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(expected, references);
    }

    // One package per assembly, named as on NuGet: library assemblies get the "nanoFramework." prefix, and the
    // M2Mqtt package carries both of its assemblies. Versions are the assemblies' own (major.minor.build).
    private static List<(string Assembly, string Id, string Version)> ExpectedPackages()
    {
        var packages = new List<(string, string, string)> { ("mscorlib", "nanoFramework.CoreLibrary", "1.17.11") };
        foreach (var dll in Directory.GetFiles(BuildPaths.NanoRefLib, "*.dll"))
        {
            using var pe = new PEReader(File.OpenRead(dll));
            var md = pe.GetMetadataReader();
            var definition = md.GetAssemblyDefinition();
            string name = md.GetString(definition.Name);
            string id = name == "nanoFramework.M2Mqtt.Core" ? "nanoFramework.M2Mqtt"
                : name.StartsWith("nanoFramework.", StringComparison.Ordinal) ? name
                : "nanoFramework." + name;
            var v = definition.Version;
            packages.Add((name, id, v.Major + "." + v.Minor + "." + v.Build));
        }

        return packages;
    }
}
