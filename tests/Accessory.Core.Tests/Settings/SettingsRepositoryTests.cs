using Accessory.Core.Ports;
using Accessory.Core.Settings;

namespace Accessory.Core.Tests.Settings;

public class SettingsRepositoryTests
{
    private sealed class MemoryStore : ISettingsStore
    {
        public byte[]? Image { get; set; }

        public List<string> MovedAside { get; } = new();

        public byte[]? Read() => Image;

        public void Write(byte[] image) => Image = image;

        public string MoveAside(string reason)
        {
            MovedAside.Add(reason);
            Image = null;
            return "memory://aside/" + MovedAside.Count;
        }
    }

    [Fact]
    public void Nothing_stored_yields_empty_settings_without_complaint()
    {
        var log = new RecordingLog();
        var repository = new SettingsRepository(new MemoryStore(), log);

        Assert.Equal(0, repository.Load().Count);
        Assert.Null(repository.LastLoadProblem);
        Assert.Empty(log.Lines);
    }

    [Fact]
    public void Saved_settings_load_back()
    {
        var store = new MemoryStore();
        var repository = new SettingsRepository(store, new RecordingLog());
        var settings = new DeviceSettings();
        settings.SetString(SettingKeys.DeviceName, "lamp");

        repository.Save(settings);

        Assert.Equal("lamp", repository.Load().GetString(SettingKeys.DeviceName));
    }

    [Fact]
    public void A_corrupted_image_is_logged_once_moved_aside_and_the_device_starts_empty()
    {
        var settings = new DeviceSettings();
        settings.SetString(SettingKeys.WifiPassphrase, "hunter2-secret");
        var image = SettingsCodec.Encode(settings);
        image[^6] ^= 0x40;
        var store = new MemoryStore { Image = image };
        var log = new RecordingLog();

        var loaded = new SettingsRepository(store, log).Load();

        Assert.Equal(0, loaded.Count);
        var line = Assert.Single(log.Lines);
        Assert.StartsWith("Error settings: stored settings are unreadable (settings image corrupted: checksum", line, StringComparison.Ordinal);
        Assert.Contains("moved aside to memory://aside/1", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal);
        Assert.Single(store.MovedAside);
    }
}
