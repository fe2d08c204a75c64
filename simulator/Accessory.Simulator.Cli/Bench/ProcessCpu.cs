using System.Globalization;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>CPU time (user + system) a process has used so far, from /proc (Linux); NaN when unreadable.</summary>
internal static class ProcessCpu
{
    public static double Milliseconds(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");

            // Fields after the parenthesised command name (which may hold spaces): state is field 3, utime 14, stime 15.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks * 1000.0 / 100; // USER_HZ is 100 on Linux
        }
        catch (IOException)
        {
            return double.NaN;
        }
        catch (FormatException)
        {
            return double.NaN;
        }
    }
}
