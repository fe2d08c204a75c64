using System.Diagnostics;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Ble.BlueZ;

/// <summary>
/// A real dbus-daemon on a unix socket in a temp folder, standing in for the system bus (as the Matter SDK's CI does
/// for its BlueZ tests); killed on dispose whatever the test's outcome.
/// </summary>
internal sealed class PrivateDbusDaemon : IDisposable
{
    private const string Executable = "/usr/bin/dbus-daemon";
    private readonly TempDirectory _folder;
    private readonly Process _process;

    private PrivateDbusDaemon(TempDirectory folder, Process process, string address)
    {
        _folder = folder;
        _process = process;
        Address = address;
    }

    public string Address { get; }

    public static async Task<PrivateDbusDaemon> StartAsync()
    {
        var folder = new TempDirectory("accessory-dbus");
        var config = Path.Combine(folder.Path, "bus.conf");
        await File.WriteAllTextAsync(config, Config(Path.Combine(folder.Path, "bus")));
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--config-file=" + config);
        start.ArgumentList.Add("--nofork");
        start.ArgumentList.Add("--nopidfile");
        start.ArgumentList.Add("--print-address");
        var process = Process.Start(start) ?? throw new InvalidOperationException("dbus-daemon did not start");
        try
        {
            // The address is printed once the socket listens: the signal that clients may connect.
            var address = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            if (string.IsNullOrEmpty(address))
            {
                throw new InvalidOperationException("dbus-daemon printed no address: " + await process.StandardError.ReadToEndAsync());
            }

            return new PrivateDbusDaemon(folder, process, address);
        }
        catch
        {
            process.Kill();
            process.Dispose();
            folder.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already reaped.
        }

        _process.Dispose();
        _folder.Dispose();
    }

    private static string Config(string socket) =>
        "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
        + "<busconfig>\n"
        + "  <listen>unix:path=" + socket + "</listen>\n"
        + "  <auth>EXTERNAL</auth>\n"
        + "  <policy context=\"default\">\n"
        + "    <allow user=\"*\"/>\n"
        + "    <allow own=\"*\"/>\n"
        + "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
        + "    <allow eavesdrop=\"true\"/>\n"
        + "  </policy>\n"
        + "</busconfig>\n";
}
