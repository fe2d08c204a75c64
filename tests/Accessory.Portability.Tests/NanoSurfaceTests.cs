namespace Accessory.Portability.Tests;

/// <summary>
/// The emulated board (simulator/Accessory.Board) stays honest: what the firmware can call on the desktop exists
/// with the same signature on a real board (../shared/nano-ref), so a firmware that runs on the emulation also
/// builds for the board.
/// </summary>
public sealed class NanoSurfaceTests
{
    private static string[] NanoAssemblies() => Directory.GetFiles(BuildPaths.NanoRefLib, "*.dll");

    [NanoRefFact]
    public void Every_member_the_emulation_defines_exists_with_the_same_signature_in_nano_ref()
    {
        var differences = NanoSurfaceComparison.Differences(BuildPaths.BoardAssembly, NanoAssemblies());

        Assert.True(differences.Count == 0, "the emulation differs from nano-ref:\n" + string.Join("\n", differences));
    }

    [NanoRefFact]
    public void The_emulation_covers_the_nanoFramework_namespaces_the_firmware_uses()
    {
        var namespaces = NanoSurfaceComparison.EmulatedTypes(BuildPaths.BoardAssembly).Keys
            .Select(t => t[..t.LastIndexOf('.')])
            .ToHashSet(StringComparer.Ordinal);

        foreach (var expected in new[]
        {
            "System.Device.Wifi", "System.Net.NetworkInformation", "System.Device.Gpio", "Iot.Device.DhcpServer",
            "nanoFramework.Runtime.Native", "System.Security.Cryptography", "System.Security.Cryptography.X509Certificates",
            "System.Net.Security", "nanoFramework.M2Mqtt", "nanoFramework.M2Mqtt.Messages", "nanoFramework.Device.Bluetooth",
            "nanoFramework.Device.Bluetooth.GenericAttributeProfile", "nanoFramework.Device.Bluetooth.Advertisement",
        })
        {
            Assert.Contains(expected, namespaces);
        }
    }

    [NanoRefFact]
    public void A_type_nano_ref_does_not_have_is_reported()
    {
        // The same comparison without System.Device.Wifi.dll: the emulation's Wi-Fi types must then be reported.
        var withoutWifi = NanoAssemblies().Where(a => Path.GetFileName(a) != "System.Device.Wifi.dll");

        var differences = NanoSurfaceComparison.Differences(BuildPaths.BoardAssembly, withoutWifi);

        Assert.Contains("System.Device.Wifi.WifiAdapter: not a type of nano-ref", differences);
    }
}
