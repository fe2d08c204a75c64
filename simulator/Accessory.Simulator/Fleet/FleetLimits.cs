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

    /// <summary>
    /// Descriptors the embedded broker holds per client, in the process that hosts it: the front gate's accepted
    /// socket, its socket to MQTTnet, and MQTTnet's accepted one. A fleet on `--broker embedded` therefore needs four per
    /// device, not one (6,000 devices under a 20,000 limit connected 4,591 before the broker ran out).
    /// </summary>
    public const int EmbeddedBrokerDescriptorsPerClient = 3;

    /// <param name="devices">Devices in the process.</param>
    /// <param name="descriptors">Descriptors they hold when all are connected, the runtime's own not included.</param>
    public static string Describe(int devices, int descriptors) => Describe(devices, descriptors, out _);

    /// <param name="enough">False when the limit (raised as far as it goes) is below what was asked.</param>
    public static string Describe(int devices, int descriptors, out bool enough)
    {
        enough = true;
        if (!OperatingSystem.IsLinux() || getrlimit(RlimitNofile, out var limit) != 0)
        {
            return $"{devices} devices, {descriptors} file descriptors (file descriptor limit unknown on this system)";
        }

        long need = descriptors + Overhead;
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

        long fit = descriptors == 0 ? devices : Math.Max(0, ((long)limit.Current - Overhead) * devices / descriptors);
        enough = (long)limit.Current >= need;
        string verdict = enough
            ? "enough"
            : $"NOT enough: about {fit} devices will connect; raise it (ulimit -n {need} or LimitNOFILE=) and run again";
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
