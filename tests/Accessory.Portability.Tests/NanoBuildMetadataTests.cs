namespace Accessory.Portability.Tests;

/// <summary>The core as compiled against nanoFramework's mscorlib must be runnable there: no generics anywhere.</summary>
public class NanoBuildMetadataTests
{
    [Fact]
    public void The_nanoFramework_build_references_nothing_but_mscorlib()
    {
        Assert.Equal(new[] { "mscorlib" }, NanoMetadataCheck.AssemblyReferences(BuildPaths.NanoCoreAssembly));
    }

    [Fact]
    public void The_nanoFramework_build_contains_the_core()
    {
        var types = NanoMetadataCheck.TypeNames(BuildPaths.NanoCoreAssembly);

        Assert.Contains("Accessory.Core.Settings.SettingsCodec", types);
        Assert.Contains("Accessory.Core.Device.DeviceLifecycle", types);
        Assert.Contains("Accessory.Core.Protobuf.ProtoReader", types);
    }

    [Fact]
    public void The_nanoFramework_build_defines_and_uses_no_generics()
    {
        Assert.Empty(NanoMetadataCheck.FindViolations(BuildPaths.NanoCoreAssembly));
    }

    [Fact]
    public void The_firmware_body_compiles_for_nanoFramework_against_the_core_without_generics()
    {
        Assert.Equal(new[] { "Accessory.Core.Nano", "mscorlib" }, NanoMetadataCheck.AssemblyReferences(BuildPaths.NanoFirmwareAssembly).Order(StringComparer.Ordinal));
        Assert.Contains("Accessory.Firmware.Ports.NanoClock", NanoMetadataCheck.TypeNames(BuildPaths.NanoFirmwareAssembly));
        Assert.Empty(NanoMetadataCheck.FindViolations(BuildPaths.NanoFirmwareAssembly));
    }
}
