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

    [NanoRefFact]
    public void The_firmware_compiles_for_nanoFramework_against_mscorlib_and_the_nano_ref_libraries_only()
    {
        var allowed = Directory.GetFiles(BuildPaths.NanoRefLib, "*.dll").Select(Path.GetFileNameWithoutExtension).Append("mscorlib").ToHashSet(StringComparer.Ordinal);
        var references = NanoMetadataCheck.AssemblyReferences(BuildPaths.NanoFirmwareAssembly);

        Assert.DoesNotContain(references, r => !allowed.Contains(r!));
        Assert.Contains("System.Device.Wifi", references);
        Assert.Contains("nanoFramework.Device.Bluetooth", references);
        Assert.Contains("nanoFramework.M2Mqtt", references);
    }

    [NanoRefFact]
    public void The_firmware_assembly_holds_the_core_the_ports_and_Program()
    {
        var types = NanoMetadataCheck.TypeNames(BuildPaths.NanoFirmwareAssembly);

        Assert.Contains("Accessory.Core.Device.DeviceLifecycle", types);
        Assert.Contains("Accessory.Firmware.Program", types);
        Assert.Contains("Accessory.Firmware.Ports.NanoClock", types);
        Assert.Contains("Accessory.Firmware.Ports.StationRadio", types);
        Assert.Contains("Accessory.Firmware.Ports.M2MqttLink", types);
        Assert.Contains("Accessory.Firmware.Ports.FlashSettingsStore", types);
    }

    [NanoRefFact]
    public void The_firmware_assembly_defines_and_uses_no_generics()
    {
        Assert.Empty(NanoMetadataCheck.FindViolations(BuildPaths.NanoFirmwareAssembly));
    }
}
