using System.Globalization;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// UDP datagrams a namespace's kernel dropped for a full socket receive buffer (Udp RcvbufErrors in /proc/net/snmp,
/// read inside the namespace): tells whether a lost answer died at the responder (its query was dropped) or at the
/// load generator (the answer was). -1 when unreadable.
/// </summary>
internal static class UdpDrops
{
    public static long Read(NetworkNamespace ns)
    {
        var result = ns.Run("/bin/cat", ["/proc/net/snmp"], TimeSpan.FromSeconds(10));
        if (result.ExitCode != 0)
        {
            return -1;
        }

        string[]? names = null;
        foreach (var line in result.StandardOutput.Split('\n'))
        {
            if (!line.StartsWith("Udp: ", StringComparison.Ordinal))
            {
                continue;
            }

            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (names == null)
            {
                names = fields;
                continue;
            }

            int at = Array.IndexOf(names, "RcvbufErrors");
            return at > 0 && at < fields.Length ? long.Parse(fields[at], CultureInfo.InvariantCulture) : -1;
        }

        return -1;
    }
}
