using System.Globalization;
using System.Runtime.InteropServices;

namespace Accessory.Simulator.Fleet;

/// <summary>
/// The process limits a fleet runs into: one file descriptor per device's broker connection (plus the runtime's
/// own). The soft RLIMIT_NOFILE is raised to the hard one when the fleet needs it, and the outcome is said.
/// </summary>
public static partial class FleetLimits
{
    private const int RlimitNofile = 7;

    /// <summary>Descriptors the runtime, the broker (if embedded) and the logs need beside the devices' sockets.</summary>
    private const int Overhead = 256;

    public static string Describe(int devices)
    {
        if (!OperatingSystem.IsLinux() || getrlimit(RlimitNofile, out var limit) != 0)
        {
            return $"{devices} broker connections (file descriptor limit unknown on this system)";
        }

        long need = devices + Overhead;
        string raised = string.Empty;
        if ((long)limit.Current < need && limit.Maximum > limit.Current)
        {
            var wanted = new RLimit { Current = limit.Maximum, Maximum = limit.Maximum };
            if (setrlimit(RlimitNofile, ref wanted) == 0)
            {
                raised = $" (soft limit raised from {limit.Current.ToString(CultureInfo.InvariantCulture)})";
                limit = wanted;
            }
        }

        string verdict = (long)limit.Current >= need
            ? "enough"
            : $"NOT enough: about {(long)limit.Current - Overhead} devices will connect; raise it (ulimit -n {need} or LimitNOFILE=) and run again";
        return string.Create(CultureInfo.InvariantCulture,
            $"open files soft {limit.Current} hard {limit.Maximum}{raised}; {devices} devices need about {need}: {verdict}");
    }

    /// <summary>VmHWM of this process: the most resident memory it has had.</summary>
    public static double PeakRssMegabytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }

        return Environment.WorkingSet / 1024.0 / 1024.0;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, out RLimit limit);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setrlimit(int resource, ref RLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
