using Accessory.Core.Settings;
using Accessory.Firmware.Ports;
using Accessory.Simulator.Settings;
using Accessory.TestKit;

namespace Accessory.Core.Tests.Settings;

/// <summary>
/// The firmware's settings store (its source file, compiled for the desktop) keeps the same image as the simulator's
/// store, survives a power cut between its two steps, and lets the core handle a damaged image the same way.
/// </summary>
public sealed class FlashSettingsStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "accessory-flash-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_board_and_the_simulator_read_each_others_settings_image()
    {
        var log = new RecordingLog();
        var onBoard = new SettingsRepository(new FlashSettingsStore(_folder), log);
        var settings = onBoard.Load();
        // An SSID is bytes (the settings schema refuses text there, as ESP-IDF stores 32 raw bytes).
        settings.SetBytes(SettingKeys.WifiSsid, "HomeNet"u8.ToArray());
        settings.SetBytes(SettingKeys.DeviceMac, new byte[] { 2, 1, 2, 3, 4, 5 });
        onBoard.Save(settings);

        var simulator = new SettingsRepository(new FileSettingsStore(_folder), log).Load();
        Assert.Equal("HomeNet"u8.ToArray(), simulator.GetBytes(SettingKeys.WifiSsid));
        simulator.SetInt32("lamp.brightness", 40);
        new SettingsRepository(new FileSettingsStore(_folder), log).Save(simulator);

        var back = new SettingsRepository(new FlashSettingsStore(_folder), log).Load();
        Assert.Equal(40, back.GetInt32("lamp.brightness", 0));
        Assert.Equal(new byte[] { 2, 1, 2, 3, 4, 5 }, back.GetBytes(SettingKeys.DeviceMac));
    }

    [Fact]
    public void A_power_cut_after_the_old_image_was_deleted_keeps_the_new_one()
    {
        var store = new FlashSettingsStore(_folder);
        store.Write(new byte[] { 1, 2, 3 });
        // What a cut between "delete settings.bin" and "rename settings.bin.new" leaves behind.
        File.Move(Path.Combine(_folder, "settings.bin"), Path.Combine(_folder, "settings.bin.new"));

        Assert.Equal(new byte[] { 1, 2, 3 }, new FlashSettingsStore(_folder).Read());
        Assert.True(File.Exists(Path.Combine(_folder, "settings.bin")));
        Assert.False(File.Exists(Path.Combine(_folder, "settings.bin.new")));
    }

    [Fact]
    public void A_half_written_new_file_never_replaces_the_committed_image()
    {
        var store = new FlashSettingsStore(_folder);
        store.Write(new byte[] { 7, 7 });
        File.WriteAllBytes(Path.Combine(_folder, "settings.bin.new"), new byte[] { 9 });

        Assert.Equal(new byte[] { 7, 7 }, store.Read());
        store.Write(new byte[] { 8 });
        Assert.Equal(new byte[] { 8 }, store.Read());
    }

    [Fact]
    public void A_damaged_image_is_moved_aside_and_the_device_starts_empty_as_in_the_simulator()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllBytes(Path.Combine(_folder, "settings.bin"), "ACS1 but then garbage"u8.ToArray());
        var repository = new SettingsRepository(new FlashSettingsStore(_folder), new RecordingLog());

        var settings = repository.Load();

        Assert.Equal(0, settings.Count);
        Assert.NotNull(repository.LastLoadProblem);
        var aside = Assert.Single(Directory.GetFiles(_folder, "settings.bin.corrupt-*"), f => !f.EndsWith(".reason.txt", StringComparison.Ordinal));
        Assert.Equal("ACS1 but then garbage"u8.ToArray(), File.ReadAllBytes(aside));
        Assert.False(File.Exists(Path.Combine(_folder, "settings.bin")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
