using System.Reflection;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>
/// The Debian clients the runner drives as a phone would: python3-zeroconf for mDNS. The script ships inside the
/// tool and is written out once per process, readable by this user only.
/// </summary>
internal static class QaScripts
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string> Browse = new(() => Extract("mdns_browse.py"));

    private static readonly Lazy<string?> ZeroconfCheck = new(() =>
    {
        if (!File.Exists(Python))
        {
            return "Debian's /usr/bin/python3 is missing (apt-get install python3-zeroconf)";
        }

        var result = ProcessRunner.Run(Python, ["-c", "import zeroconf"], TimeSpan.FromSeconds(30));
        return result.ExitCode == 0 ? null : "python3-zeroconf is not installed (apt-get install python3-zeroconf)";
    });

    public static string MdnsBrowse => Browse.Value;

    /// <summary>Why a discover step cannot run here (no namespaces, not root, no python3-zeroconf); null when it can.</summary>
    public static string? DiscoverUnavailableReason => NetworkNamespace.UnavailableReason ?? ZeroconfCheck.Value;

    private static string Extract(string name)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"accessory-qa-scripts-{Environment.ProcessId}");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        string path = Path.Combine(folder, name);
        using var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("Accessory.Simulator.Cli.Qa.Scripts." + name)
            ?? throw new InvalidOperationException("the tool is missing its script " + name);
        using (var file = File.Create(path))
        {
            resource.CopyTo(file);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return path;
    }
}
