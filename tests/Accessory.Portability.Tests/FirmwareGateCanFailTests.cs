namespace Accessory.Portability.Tests;

/// <summary>
/// Proves the firmware's compile gate bites: a misspelt nanoFramework call planted in a copy of the firmware is a
/// compile error against ../shared/nano-ref, and without those assemblies the project says it is skipped.
/// </summary>
public class FirmwareGateCanFailTests
{
    [NanoRefFact]
    public void A_misspelt_WifiAdapter_call_in_the_firmware_is_a_compile_error()
    {
        using var copy = new TempFirmwareCopy();
        copy.AddFirmwareFile("PlantedMisspelling.cs", """
            using System.Device.Wifi;

            namespace Accessory.Firmware.Ports
            {
                internal static class PlantedMisspelling
                {
                    public static int Count() => WifiAdapter.FindAllAdaptors().Length;
                }
            }
            """);

        var (exitCode, output) = copy.Build(BuildPaths.NanoRefDir);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("PlantedMisspelling.cs", output, StringComparison.Ordinal);
        Assert.Contains("error CS0117", output, StringComparison.Ordinal);
        Assert.Contains("FindAllAdaptors", output, StringComparison.Ordinal);
    }

    [NanoRefFact]
    public void The_correct_call_compiles_so_the_failure_above_is_the_misspelling()
    {
        using var copy = new TempFirmwareCopy();
        copy.AddFirmwareFile("PlantedCorrectCall.cs", """
            using System.Device.Wifi;

            namespace Accessory.Firmware.Ports
            {
                internal static class PlantedCorrectCall
                {
                    public static int Count() => WifiAdapter.FindAllAdapters().Length;
                }
            }
            """);

        var (exitCode, output) = copy.Build(BuildPaths.NanoRefDir);

        Assert.True(exitCode == 0, output);
        Assert.Empty(NanoMetadataCheck.FindViolations(copy.OutputAssembly));
    }

    [Fact]
    public void Without_the_reference_assemblies_the_firmware_compile_is_skipped_with_a_message()
    {
        using var copy = new TempFirmwareCopy();
        var missing = Path.Combine(copy.Root, "no-nano-ref") + Path.DirectorySeparatorChar;

        var (exitCode, output) = copy.Build(missing);

        Assert.True(exitCode == 0, output);
        Assert.Contains("Accessory.Firmware.Nano: skipped: no reference assemblies", output, StringComparison.Ordinal);
        Assert.False(File.Exists(copy.OutputAssembly));
    }
}
