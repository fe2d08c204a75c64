namespace Accessory.Simulator;

/// <summary>Where simulated devices keep their state when the user does not say.</summary>
public static class DataFolders
{
    /// <summary>$XDG_DATA_HOME/accessory-sim/devices/&lt;device&gt;, else ~/.local/share/accessory-sim/devices/&lt;device&gt;.</summary>
    public static string ForDevice(string device)
    {
        if (string.IsNullOrWhiteSpace(device) || device.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || device is "." or "..")
        {
            throw new ArgumentException($"'{device}' cannot be used as a device folder name", nameof(device));
        }

        string? root = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(root))
        {
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(root, "accessory-sim", "devices", device);
    }
}
