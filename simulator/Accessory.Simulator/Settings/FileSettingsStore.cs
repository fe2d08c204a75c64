using System.Globalization;
using Accessory.Core.Ports;
using Accessory.Core.Settings;

namespace Accessory.Simulator.Settings;

/// <summary>
/// The simulator's NVS: one file per device folder. A write goes to a temporary file, is fsynced, renamed over the
/// old file (atomic on POSIX) and the folder is fsynced, so a crash at any instant leaves the old or the new image.
/// The checksum that detects damage belongs to the core's format. The file holds secrets (PoP, sec2 password, Wi-Fi
/// passphrase, TLS key, access token), so the folder is 0700 and every settings file 0600, checked at every start.
/// </summary>
public sealed class FileSettingsStore : ISettingsStore
{
    public const string FileName = "settings.bin";

    /// <summary>The largest file a valid image can be: every entry at its key and value limits, plus framing.</summary>
    public const long MaxFileBytes = 15 + (SettingsCodec.MaxEntries * (long)(SettingsCodec.MaxKeyLength + SettingsCodec.MaxValueLength + 8));

    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const string Component = "settings";
    private readonly string _directory;
    private readonly string _path;
    private readonly ILog? _log;

    public FileSettingsStore(string directory, ILog? log = null)
    {
        _directory = Path.GetFullPath(directory);
        _log = log;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(_directory);
        }
        else
        {
            Directory.CreateDirectory(_directory, FolderMode);
        }

        _path = Path.Combine(_directory, FileName);
        RemoveStaleTemporaries();
        TightenModes();
    }

    public string FilePath => _path;

    /// <exception cref="SettingsFormatException">The file is larger than any valid image; it is not read.</exception>
    public byte[]? Read()
    {
        var info = new FileInfo(_path);
        if (!info.Exists)
        {
            return null;
        }

        if (info.Length > MaxFileBytes)
        {
            throw new SettingsFormatException($"settings file is {info.Length} bytes; a settings image is at most {MaxFileBytes}, so it was not read");
        }

        return File.ReadAllBytes(_path);
    }

    public void Write(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        string temp = Path.Combine(_directory, $"{FileName}.tmp-{Environment.ProcessId}");
        using (var stream = new FileStream(temp, PrivateCreate(System.IO.FileMode.Create)))
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
        SetPrivate(target);
        using (var stream = new FileStream(target + ".reason.txt", PrivateCreate(System.IO.FileMode.Create)))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(reason);
        }

        DirectorySync.Flush(_directory);
        return target;
    }

    private static FileStreamOptions PrivateCreate(System.IO.FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }

    private static void SetPrivate(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, FileMode);
        }
    }

    // Folders and files made by older versions (or copied in by hand) may be readable by everyone: fix them and say so.
    private void TightenModes()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var folderMode = File.GetUnixFileMode(_directory);
        if ((folderMode & ~FolderMode) != 0)
        {
            File.SetUnixFileMode(_directory, FolderMode);
            Warn($"data folder {_directory} was {Octal(folderMode)}; set to 0700 (it holds secrets)");
        }

        foreach (var file in Directory.EnumerateFiles(_directory, FileName + "*"))
        {
            var mode = File.GetUnixFileMode(file);
            if ((mode & ~FileMode) != 0)
            {
                File.SetUnixFileMode(file, FileMode);
                Warn($"{file} was {Octal(mode)}; set to 0600 (it holds secrets)");
            }
        }
    }

    private void Warn(string message) => _log?.Write(LogLevel.Warning, Component, message);

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);

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
