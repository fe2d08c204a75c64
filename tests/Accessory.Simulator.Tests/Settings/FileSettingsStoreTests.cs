using Accessory.Core.Ports;
using Accessory.Core.Settings;
using Accessory.Simulator.Settings;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Settings;

public class FileSettingsStoreTests
{
    [Fact]
    public void A_written_image_is_read_back_and_no_temporary_file_is_left()
    {
        using var dir = new TempDirectory();
        var store = new FileSettingsStore(dir.Path);

        store.Write(new byte[] { 1, 2, 3 });

        Assert.Equal(new byte[] { 1, 2, 3 }, new FileSettingsStore(dir.Path).Read());
        Assert.Equal(new[] { FileSettingsStore.FileName }, Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_missing_file_reads_as_never_written()
    {
        using var dir = new TempDirectory();
        Assert.Null(new FileSettingsStore(dir.Path).Read());
    }

    [Fact]
    public void A_stale_temporary_from_a_crash_is_removed_and_never_read()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(Path.Combine(dir.Path, FileSettingsStore.FileName + ".tmp-999999"), new byte[] { 9 });

        var store = new FileSettingsStore(dir.Path);

        Assert.Null(store.Read());
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("bitflip")]
    [InlineData("garbage")]
    [InlineData("empty")]
    public void A_damaged_file_is_reported_in_one_line_moved_aside_and_the_device_starts_fresh(string damage)
    {
        using var dir = new TempDirectory();
        var settings = new DeviceSettings();
        settings.SetBytes(SettingKeys.WifiSsid, "home"u8.ToArray());
        settings.SetString(SettingKeys.WifiPassphrase, "do-not-log-me");
        var image = SettingsCodec.Encode(settings);
        byte[] damaged = damage switch
        {
            "truncated" => image[..(image.Length / 2)],
            "bitflip" => Flip(image, image.Length - 8),
            "garbage" => "this is not a settings file"u8.ToArray(),
            _ => Array.Empty<byte>(),
        };
        var path = Path.Combine(dir.Path, FileSettingsStore.FileName);
        File.WriteAllBytes(path, damaged);
        var log = new RecordingLog();

        var repository = new SettingsRepository(new FileSettingsStore(dir.Path), log);
        var loaded = repository.Load();

        Assert.Equal(0, loaded.Count);
        var line = Assert.Single(log.Lines);
        Assert.StartsWith("Error settings: stored settings are unreadable (", line, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-log-me", line, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
        var aside = Assert.Single(Directory.GetFiles(dir.Path, FileSettingsStore.FileName + ".corrupt-*"), f => !f.EndsWith(".reason.txt", StringComparison.Ordinal));
        Assert.Equal(damaged, File.ReadAllBytes(aside));
        Assert.Contains(aside, line, StringComparison.Ordinal);

        repository.Save(loaded);
        Assert.Equal(0, new SettingsRepository(new FileSettingsStore(dir.Path), log).Load().Count);
        Assert.Single(log.Lines);
    }

    private static byte[] Flip(byte[] image, int at)
    {
        var copy = (byte[])image.Clone();
        copy[at] ^= 0x10;
        return copy;
    }
}
