using System.Globalization;
using System.Diagnostics;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// The machine limits 100,000 local devices run into, and what `bench fleet-scale` does about them. Descriptors:
/// every device holds one socket in its fleet process and mosquitto one more for it, so the broker alone needs
/// more than the devices. Only root may raise a hard RLIMIT_NOFILE (up to fs.nr_open); the bench raises its own
/// limit (with util-linux prlimit) before starting anything, and mosquitto and the fleet processes inherit it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class ScaleLimits
{
    /// <summary>Descriptors mosquitto needs beside its clients' sockets (listeners, log, the runtime's).</summary>
    public const int BrokerOverhead = 64;

    /// <summary>Descriptors a fleet process needs beside its devices' sockets (the runtime, pipes, logs).</summary>
    public const int FleetOverhead = 256;

    public static (long Soft, long Hard) Descriptors()
    {
        foreach (var line in File.ReadLines("/proc/self/limits"))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                string[] f = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return (Number(f[0]), Number(f[1]));
            }
        }

        return (0, 0);
    }

    public static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>
    /// Raises this process's descriptor limit so that <paramref name="need"/> fit (soft and hard, as root; only
    /// the soft one up to the hard one otherwise), unless <paramref name="keep"/>; says what it did.
    /// </summary>
    public static string Prepare(long need, bool keep)
    {
        var (soft, hard) = Descriptors();
        string before = string.Create(CultureInfo.InvariantCulture, $"open files soft {soft} hard {hard}");
        if (keep)
        {
            return $"{before}, kept as is (--keep-fd-limit); mosquitto and the fleet processes inherit it; mosquitto needs {need}: {(soft >= need ? "enough" : "NOT enough")}";
        }

        if (soft >= need)
        {
            return $"{before}: enough for the {need} mosquitto needs; inherited by mosquitto and the fleet processes";
        }

        long nrOpen = ProcReadings.ReadNumber("/proc/sys/fs/nr_open") ?? 1_048_576;
        if (IsRoot)
        {
            long wanted = Math.Min(Math.Max(hard, need), nrOpen);
            string failed = SetOwn(wanted, Math.Max(wanted, hard));
            var (nowSoft, nowHard) = Descriptors();
            return failed.Length > 0
                ? $"{before}; running as root, but raising it failed ({failed}): NOT enough for the {need} mosquitto needs"
                : string.Create(CultureInfo.InvariantCulture,
                    $"{before}; running as root, raised to soft {nowSoft} hard {nowHard} (fs.nr_open {nrOpen}) for the {need} mosquitto needs; inherited by mosquitto and the fleet processes{(nowSoft < need ? ": still NOT enough, fs.nr_open is the ceiling" : string.Empty)}");
        }

        _ = SetOwn(hard, hard);
        return string.Create(CultureInfo.InvariantCulture,
            $"{before}; NOT root, so at most the soft limit is raised, to the hard {hard}: mosquitto needs {need}, so at most about {hard - BrokerOverhead} devices can connect. Run as root (the bench then raises it up to fs.nr_open {nrOpen}) or raise the hard limit first (as root: prlimit --nofile={need}:{need} --pid <shell pid>, LimitNOFILE= in a systemd unit, or nofile in /etc/security/limits.conf)");
    }

    /// <summary>Which limit a device's error line names, if any.</summary>
    public static string? CauseOf(string line)
    {
        if (line.Contains("Too many open files", StringComparison.OrdinalIgnoreCase))
        {
            return "descriptors (Too many open files)";
        }

        if (line.Contains("Cannot assign requested address", StringComparison.OrdinalIgnoreCase) || line.Contains("Address not available", StringComparison.OrdinalIgnoreCase))
        {
            return "source ports (Cannot assign requested address)";
        }

        if (line.Contains("refused", StringComparison.OrdinalIgnoreCase))
        {
            return "connection refused";
        }

        if (line.Contains("timed out", StringComparison.OrdinalIgnoreCase) || line.Contains("timeout", StringComparison.OrdinalIgnoreCase))
        {
            return "timeouts";
        }

        if (line.Contains("reset", StringComparison.OrdinalIgnoreCase))
        {
            return "connection reset";
        }

        return null;
    }

    /// <summary>util-linux prlimit on this process (root may raise a hard limit up to fs.nr_open); "" on success, else why not.</summary>
    private static string SetOwn(long soft, long hard)
    {
        var start = new ProcessStartInfo("/usr/bin/prlimit") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "--pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"--nofile={soft}:{hard}") })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var prlimit = Process.Start(start)!;
            string error = prlimit.StandardError.ReadToEnd().Trim();
            prlimit.WaitForExit();
            return prlimit.ExitCode == 0 ? string.Empty : error;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return "/usr/bin/prlimit: " + e.Message;
        }
    }

    private static long Number(string field) =>
        field == "unlimited" ? long.MaxValue : long.Parse(field, CultureInfo.InvariantCulture);
}
