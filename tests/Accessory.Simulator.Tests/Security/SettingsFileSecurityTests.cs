using System.Diagnostics;
using Accessory.Core.Settings;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Settings;
using Accessory.Simulator.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Accessory.Simulator.Tests.Security;

/// <summary>
/// settings.bin holds the PoP, the sec2 password, the Wi-Fi passphrase, the TLS key and the access token: another
/// user on the machine must not read it or its moved-aside copies, and no stored image may stop the device starting.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class SettingsFileSecurityTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = Private | UnixFileMode.UserExecute;

    [Fact]
    public void A_new_device_folder_is_0700_its_settings_0600_and_another_user_cannot_read_them()
    {
        using var dir = new TempDirectory();
        string data = Path.Combine(dir.Path, "device");

        using (var device = NewDevice(data))
        {
            Assert.Null(device.SettingsProblem);
        }

        string settings = Path.Combine(data, FileSettingsStore.FileName);
        Assert.Equal(PrivateFolder, File.GetUnixFileMode(data));
        Assert.Equal(Private, File.GetUnixFileMode(settings));
        // The parent is world-traversable (a temp folder); the device folder itself must stop "nobody".
        File.SetUnixFileMode(dir.Path, PrivateFolder | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var (exit, output) = AsNobody("/bin/cat", settings);
        Assert.True(exit != 0, "nobody read settings.bin: " + output);
        Assert.Contains("Permission denied", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_open_modes_are_fixed_at_start_with_a_warning_moved_aside_copies_included()
    {
        using var dir = new TempDirectory();
        string data = Path.Combine(dir.Path, "device");
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(data, (UnixFileMode)0b111_101_101);
        string settings = Path.Combine(data, FileSettingsStore.FileName);
        string copy = settings + ".corrupt-20260101T000000000Z";
        File.WriteAllBytes(settings, SettingsCodec.Encode(new DeviceSettings()));
        File.WriteAllBytes(copy, [1, 2, 3]);
        File.SetUnixFileMode(settings, (UnixFileMode)0b110_100_100);
        File.SetUnixFileMode(copy, (UnixFileMode)0b110_100_100);
        var log = new RecordingLog();

        _ = new FileSettingsStore(data, log);

        Assert.Equal(PrivateFolder, File.GetUnixFileMode(data));
        Assert.Equal(Private, File.GetUnixFileMode(settings));
        Assert.Equal(Private, File.GetUnixFileMode(copy));
        Assert.Equal(3, log.Lines.Count(l => l.StartsWith("Warning settings: ", StringComparison.Ordinal) && l.Contains("(it holds secrets)", StringComparison.Ordinal)));
        Assert.Contains(log.Lines, l => l.Contains("was 0755; set to 0700", StringComparison.Ordinal));
    }

    [Fact]
    public void A_damaged_image_is_moved_aside_as_0600_with_a_0600_reason()
    {
        using var dir = new TempDirectory();
        string settings = Path.Combine(dir.Path, FileSettingsStore.FileName);
        File.WriteAllText(settings, "not settings");
        File.SetUnixFileMode(settings, (UnixFileMode)0b110_100_100);

        using var device = NewDevice(dir.Path);

        Assert.NotNull(device.SettingsProblem);
        var aside = Assert.Single(Directory.GetFiles(dir.Path, FileSettingsStore.FileName + ".corrupt-*"), f => !f.EndsWith(".reason.txt", StringComparison.Ordinal));
        Assert.Equal(Private, File.GetUnixFileMode(aside));
        Assert.Equal(Private, File.GetUnixFileMode(aside + ".reason.txt"));
    }

    public static TheoryData<string, string> ValidButWrong => new()
    {
        { "mac-as-text", "setting 'device.mac' holds the wrong kind of value" },
        { "short-mac", "setting 'device.mac' is 3 bytes, a MAC is 6" },
        { "passphrase-as-number", "setting 'wifi.passphrase' holds the wrong kind of value" },
        { "full", "keys, leaving no room for the device's own" },
    };

    [Theory]
    [MemberData(nameof(ValidButWrong))]
    public void An_image_that_passes_its_checksum_but_fails_validation_is_moved_aside_and_the_device_starts(string kind, string reason)
    {
        using var dir = new TempDirectory();
        var bad = new DeviceSettings();
        switch (kind)
        {
            case "mac-as-text":
                bad.SetString(SettingKeys.DeviceMac, "02:00:00:00:00:01");
                break;
            case "short-mac":
                bad.SetBytes(SettingKeys.DeviceMac, [2, 0, 1]);
                break;
            case "passphrase-as-number":
                bad.SetBytes(SettingKeys.WifiSsid, "home"u8.ToArray());
                bad.SetInt32(SettingKeys.WifiPassphrase, 7);
                break;
            default:
                for (int i = 0; i < SettingsCodec.MaxEntries; i++)
                {
                    bad.SetString("junk." + i, "x");
                }

                break;
        }

        File.WriteAllBytes(Path.Combine(dir.Path, FileSettingsStore.FileName), SettingsCodec.Encode(bad));

        using var device = NewDevice(dir.Path);

        Assert.Contains(reason, device.SettingsProblem, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(dir.Path, FileSettingsStore.FileName + ".corrupt-*.reason.txt"));
        Assert.Equal(6, device.Identity.Mac.Length);
        Assert.Matches("^[0-9a-f]{32}$", device.ApiToken.Value);
    }

    [Fact]
    public void An_oversized_settings_file_is_refused_by_its_size_without_being_read()
    {
        using var dir = new TempDirectory();
        string settings = Path.Combine(dir.Path, FileSettingsStore.FileName);
        using (var huge = File.Create(settings))
        {
            // Sparse: 1.5 GB on paper, nothing on disk. Reading it whole would take seconds and 1.5 GB of memory.
            huge.SetLength(1_500_000_000);
        }

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        using var device = NewDevice(dir.Path);

        Assert.Contains("so it was not read", device.SettingsProblem, StringComparison.Ordinal);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 200_000_000, "the file was read into memory");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));
        Assert.Single(Directory.GetFiles(dir.Path, FileSettingsStore.FileName + ".corrupt-*.reason.txt"));
    }

    private static SimulatedDevice NewDevice(string data) =>
        new(new DeviceOptions { DataDirectory = data, RadioEnvironment = RadioEnvironment.LoadDefault().WithTiming(TimingModel.Fast) }, NullLoggerFactory.Instance, new CryptoRandom());

    private static (int Exit, string Output) AsNobody(string program, string argument)
    {
        var start = new ProcessStartInfo("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", program, argument])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
