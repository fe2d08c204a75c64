using System.Diagnostics;
using System.Globalization;
using Accessory.Simulator.Mqtt;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>
/// Debian's real mosquitto on a free loopback port with a generated config (anonymous, no persistence).
/// Stop/Start keep the port, for outage tests; Dispose always kills it.
/// </summary>
internal sealed partial class Mosquitto : IDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";
    private readonly TempDirectory _folder = new("accessory-mosquitto");
    private readonly string _configFile;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _stderr = new();
    private Process? _process;

    public Mosquitto(string? extraConfig = null, int? port = null)
    {
        Port = port ?? FreePort.Next();
        _configFile = Path.Combine(_folder.Path, "mosquitto.conf");
        var config =
            "listener " + Port.ToString(CultureInfo.InvariantCulture) + " 127.0.0.1\n" +
            "allow_anonymous true\n" +
            "persistence false\n" +
            "log_dest stderr\n" +
            (extraConfig ?? string.Empty);
        File.WriteAllText(_configFile, config);
        Start();
    }

    public int Port { get; }

    public string Folder => _folder.Path;

    public BrokerUri Uri => BrokerUri.Parse("mqtt://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture));

    public void Start()
    {
        if (_process is not null)
        {
            return;
        }

        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(_configFile);
        var process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        // mosquitto opens its socket before loading TLS files, so a listening port alone does not mean it is up.
        if (!FreePort.WaitUntilListening(Port, TimeSpan.FromSeconds(10)) || process.WaitForExit(100))
        {
            Stop();
            throw new InvalidOperationException(
                "mosquitto did not start on port " + Port.ToString(CultureInfo.InvariantCulture) + ":\n" + string.Join('\n', _stderr));
        }
    }

    /// <summary>SIGTERM, as a service manager restarts it: mosquitto writes its persistence file (when configured) and exits.</summary>
    public void Terminate() => End(graceful: true);

    public void Stop() => End(graceful: false);

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SigTerm(int pid, int signal);

    public void Dispose()
    {
        Stop();
        _folder.Dispose();
    }

    private void End(bool graceful)
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (graceful)
            {
                if (!process.HasExited)
                {
                    _ = SigTerm(process.Id, 15);
                }

                if (process.WaitForExit(10_000))
                {
                    return;
                }
            }

            if (!process.HasExited)
            {
                process.Kill();
            }

            process.WaitForExit(10_000);
        }
        finally
        {
            process.Dispose();
        }
    }
}
