using System.Globalization;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Settings;

/// <summary>
/// The simulator's NVS: one file per device folder. A write goes to a temporary file, is fsynced, renamed over the
/// old file (atomic on POSIX) and the folder is fsynced, so a crash at any instant leaves the old or the new image.
/// The checksum that detects damage belongs to the core's format.
/// </summary>
public sealed class FileSettingsStore : ISettingsStore
{
    public const string FileName = "settings.bin";

    private readonly string _directory;
    private readonly string _path;

    public FileSettingsStore(string directory)
    {
        _directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(_directory);
        _path = Path.Combine(_directory, FileName);
        RemoveStaleTemporaries();
    }

    public string FilePath => _path;

    public byte[]? Read() => File.Exists(_path) ? File.ReadAllBytes(_path) : null;

    public void Write(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        string temp = Path.Combine(_directory, $"{FileName}.tmp-{Environment.ProcessId}");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
        {
            stream.Write(image);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
        DirectorySync.Flush(_directory);
    }

    public string MoveAside(string reason)
    {
        string stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        string target = Path.Combine(_directory, $"{FileName}.corrupt-{stamp}");
        File.Move(_path, target, overwrite: true);
        File.WriteAllText(target + ".reason.txt", reason + Environment.NewLine);
        DirectorySync.Flush(_directory);
        return target;
    }

    // A crash between create and rename leaves a temporary file; it never holds the committed image.
    private void RemoveStaleTemporaries()
    {
        foreach (var stale in Directory.EnumerateFiles(_directory, FileName + ".tmp-*"))
        {
            try
            {
                File.Delete(stale);
            }
            catch (IOException)
            {
                // Another live process may own it; it will rename or abandon it.
            }
        }
    }
}
