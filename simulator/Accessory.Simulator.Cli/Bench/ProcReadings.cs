using System.Globalization;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>Readings of other processes and of the machine from /proc (Linux); null when a process is gone.</summary>
internal static class ProcReadings
{
    /// <summary>VmHWM: the most resident memory the process has had, in MB.</summary>
    public static double? PeakRssMegabytes(int pid) => StatusKilobytes(pid, "VmHWM:") / 1024.0;

    public static double? RssMegabytes(int pid) => StatusKilobytes(pid, "VmRSS:") / 1024.0;

    /// <summary>A field of /proc/PID/status given in kB (VmRSS, RssAnon, RssFile...), in MB.</summary>
    public static double? StatusMegabytes(int pid, string field) => StatusKilobytes(pid, field + ":") / 1024.0;

    /// <summary>The threads the process has now.</summary>
    public static long? Threads(int pid) => StatusKilobytes(pid, "Threads:");

    /// <summary>Descriptors the process holds now (one per socket, for mosquitto one per client).</summary>
    public static int? OpenFiles(int pid)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The process's soft RLIMIT_NOFILE ("Max open files" in /proc/PID/limits).</summary>
    public static long? MaxOpenFiles(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    string[] fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long soft) ? soft : null;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    /// <summary>The 1-minute load average.</summary>
    public static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    public static string LoadAverages()
    {
        try
        {
            return string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>MemAvailable and MemTotal in MB.</summary>
    public static (double Available, double Total) Memory()
    {
        double available = double.NaN;
        double total = double.NaN;
        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
            {
                available = Kilobytes(line, "MemAvailable:") / 1024.0;
            }
            else if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                total = Kilobytes(line, "MemTotal:") / 1024.0;
            }
        }

        return (available, total);
    }

    /// <summary>The machine's busy and total CPU time so far, in ticks over all cores (first line of /proc/stat).</summary>
    public static (long Busy, long Total) MachineCpu()
    {
        string first = File.ReadLines("/proc/stat").First();
        long[] ticks = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();

        // user nice system idle iowait irq softirq steal ...: idle and iowait are not busy.
        long total = ticks.Take(8).Sum();
        return (total - ticks[3] - ticks[4], total);
    }

    /// <summary>The local port range connect() picks source ports from.</summary>
    public static (int Low, int High) LocalPortRange()
    {
        try
        {
            string[] f = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return (32768, 60999);
        }
    }

    public static long? ReadNumber(string path)
    {
        try
        {
            return long.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // The first number after the key: kB for the memory fields, a count for Threads.
    private static long? StatusKilobytes(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    return Kilobytes(line, key);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    private static long Kilobytes(string line, string key) =>
        long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
