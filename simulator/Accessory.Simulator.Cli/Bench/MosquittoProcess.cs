using System.Diagnostics;
using System.Globalization;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// Debian's mosquitto for a benchmark: a free loopback port, no connection limit, persistence in a private folder
/// (so a cloud consumer's session survives a restart), stopped with SIGTERM as a service manager would.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class MosquittoProcess : IDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";
    private readonly string _folder;
    private readonly string _config;
    private Process? _process;

    /// <summary>Fails with the package to install when Debian's mosquitto is missing.</summary>
    public static void RequireInstalled()
    {
        if (!File.Exists(Executable))
        {
            throw new FileNotFoundException($"{Executable} is not installed (apt-get install mosquitto mosquitto-clients)");
        }
    }

    public MosquittoProcess()
    {
        RequireInstalled();
        _folder = Directory.CreateTempSubdirectory("accessory-bench-mosquitto").FullName;

        // mosquitto started as root drops to its own user before writing its database.
        File.SetUnixFileMode(_folder, (UnixFileMode)0b111_111_111);
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        _config = Path.Combine(_folder, "mosquitto.conf");
        File.WriteAllText(_config, string.Create(CultureInfo.InvariantCulture,
            $"listener {Port} 127.0.0.1\nallow_anonymous true\nmax_connections -1\nmax_queued_messages 0\npersistence true\npersistence_location {_folder}/\nautosave_interval 0\nlog_dest none\n"));
        Start();
    }

    public int Port { get; }

    public int? Pid => _process?.Id;

    public void Start()
    {
        if (_process is not null)
        {
            return;
        }

        var start = new ProcessStartInfo(Executable) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(_config);
        _process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start");
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                client.Connect(System.Net.IPAddress.Loopback, Port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                Thread.Sleep(20);
            }
        }

        throw new InvalidOperationException("mosquitto did not listen on port " + Port.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>SIGTERM and wait: mosquitto saves its database (the consumer's session) and exits.</summary>
    public void Terminate()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        using (var kill = Process.Start("/bin/kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        if (!process.WaitForExit(30_000))
        {
            process.Kill();
        }

        process.Dispose();
    }

    /// <summary>Resident memory of the broker now, in MB (0 when not running).</summary>
    public double RssMegabytes()
    {
        if (_process is null)
        {
            return 0;
        }

        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return 0;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            p.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
