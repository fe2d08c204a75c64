using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>The real-client scripts next to these tests and the Debian interpreter that has python3-zeroconf.</summary>
internal static class MdnsScripts
{
    public const string Python = "/usr/bin/python3";

    public static string Browse => Path.Combine(Folder, "zeroconf_browse.py");

    public static string Register => Path.Combine(Folder, "zeroconf_register.py");

    public static string GoodbyeCapture => Path.Combine(Folder, "mdns_goodbye_capture.py");

    private static string Folder => Path.Combine(BuildPaths.RepoRoot, "tests", "Accessory.Simulator.Tests", "Mdns");

    // Asked once per test run: every ZeroconfFact needs the answer during discovery.
    private static readonly Lazy<string?> ZeroconfCheck = new(CheckZeroconf);

    /// <summary>Null when python3-zeroconf can be imported by Debian's Python; otherwise why not (tests skip with it).</summary>
    public static string? ZeroconfUnavailableReason => ZeroconfCheck.Value;

    private static string? CheckZeroconf()
    {
        if (!File.Exists(Python))
        {
            return "Debian's /usr/bin/python3 is missing (apt-get install python3-zeroconf)";
        }

        var result = ProcessRunner.Run(Python, ["-c", "import zeroconf"], TimeSpan.FromSeconds(30));
        return result.ExitCode == 0 ? null : "python3-zeroconf is not installed (apt-get install python3-zeroconf)";
    }
}
