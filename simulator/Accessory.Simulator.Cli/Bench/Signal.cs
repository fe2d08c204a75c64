using System.Diagnostics;
using System.Globalization;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>A POSIX signal to another process, through /bin/kill (.NET's Process can only SIGKILL).</summary>
internal static class Signal
{
    public static void Send(int pid, string name)
    {
        var start = new ProcessStartInfo("/bin/kill") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add("-" + name);
        start.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(start);
        kill?.StandardError.ReadToEnd();
        kill?.WaitForExit(5_000);
    }
}
