using System.Diagnostics;

namespace Accessory.Simulator.Net;

/// <summary>Runs iproute2's <c>ip</c>; a failure becomes an exception carrying its stderr.</summary>
internal static class IpCommand
{
    private static readonly string[] Candidates = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"];

    public static string? Path
    {
        get
        {
            foreach (var candidate in Candidates)
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }

    public static void Run(params string[] arguments)
    {
        var result = ProcessRunner.Run(Path ?? throw new InvalidOperationException("iproute2's 'ip' command is not installed"), arguments, TimeSpan.FromSeconds(20));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError.Trim()}");
        }
    }

    /// <summary>Like <see cref="Run"/> but a failure is ignored: used on cleanup paths that must go on.</summary>
    public static bool TryRun(params string[] arguments)
    {
        try
        {
            Run(arguments);
            return true;
        }
        catch (InvalidOperationException e)
        {
            Trace.WriteLine(e.Message);
            return false;
        }
    }
}
