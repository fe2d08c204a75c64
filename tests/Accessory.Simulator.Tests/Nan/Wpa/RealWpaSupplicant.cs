using System.Diagnostics;
using Accessory.Simulator.Mdns.Reference;
using Accessory.Simulator.Nan.Wpa;
using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Nan.Wpa;

/// <summary>
/// Debian's real wpa_supplicant on the one interface of a test LAN host, with the wired driver (no radio here) and
/// its control sockets in a fresh folder of this test run, so it never sees the machine's own interfaces or its
/// /var/run/wpa_supplicant. Dispose stops it and removes the folder.
/// </summary>
internal sealed class RealWpaSupplicant : IDisposable
{
    public const string Executable = "/usr/sbin/wpa_supplicant";

    private readonly TempDirectory _folder;
    private readonly NamespaceProcess _process;

    private RealWpaSupplicant(TempDirectory folder, NamespaceProcess process, string interfaceName, string version)
    {
        _folder = folder;
        _process = process;
        InterfaceName = interfaceName;
        Version = version;
    }

    /// <summary>What <c>wpa_supplicant -v</c> printed, e.g. "v2.10".</summary>
    public string Version { get; }

    public string InterfaceName { get; }

    public string ControlDirectory => Path.Combine(_folder.Path, "ctrl");

    public string SocketPath => WpaControlClient.SocketPathFor(InterfaceName, ControlDirectory);

    public string Transcript => _process.AllOutput;

    public WpaNanOptions NanOptions() => new(InterfaceName) { ControlDirectory = ControlDirectory };

    /// <summary>Starts it and waits until its control socket exists; fails loudly when the package is missing.</summary>
    public static RealWpaSupplicant Start(LanHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"wpa_supplicant is not installed (no {Executable}): apt-get install wpasupplicant");
        }

        string version = ReadVersion();
        var folder = new TempDirectory("accessory-wpa");
        NamespaceProcess? process = null;
        try
        {
            string config = Path.Combine(folder.Path, "wpa_supplicant.conf");
            File.WriteAllText(config, "ctrl_interface=" + Path.Combine(folder.Path, "ctrl") + "\n");
            process = new NamespaceProcess(host.Namespace, Executable, ["-D", "wired", "-i", host.InterfaceName, "-c", config]);
            var started = new RealWpaSupplicant(folder, process, host.InterfaceName, version);
            started.WaitForSocket();
            return started;
        }
        catch
        {
            process?.Dispose();
            folder.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _process.Dispose();
        _folder.Dispose();
    }

    private static string ReadVersion()
    {
        var result = ProcessRunner.Run(Executable, ["-v"], TimeSpan.FromSeconds(20));
        string first = result.StandardOutput.Split('\n')[0].Trim();
        return first.StartsWith("wpa_supplicant ", StringComparison.Ordinal) ? first["wpa_supplicant ".Length..] : first;
    }

    private void WaitForSocket()
    {
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(SocketPath))
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new InvalidOperationException($"wpa_supplicant did not open {SocketPath}:\n{_process.AllOutput}");
            }

            Thread.Sleep(20);
        }
    }
}
