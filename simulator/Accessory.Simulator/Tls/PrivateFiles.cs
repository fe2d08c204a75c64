using System.Text;

namespace Accessory.Simulator.Tls;

/// <summary>Writes certificate and key files; key files are created 0600 so they are never readable by others, not even briefly.</summary>
internal static class PrivateFiles
{
    public static void WriteKey(string path, string pem) => Write(path, pem, UnixFileMode.UserRead | UnixFileMode.UserWrite);

    public static void WritePublic(string path, string pem) =>
        Write(path, pem, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

    // Written beside the target and renamed over it, so a reader sees the old or the new file, never half of one.
    private static void Write(string path, string text, UnixFileMode mode)
    {
        var temporary = path + ".tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(text));
            stream.Flush(true);
        }

        File.Move(temporary, path, true);
    }
}
