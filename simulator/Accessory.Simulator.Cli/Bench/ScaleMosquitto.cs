using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// Debian's mosquitto for `bench fleet-scale`: several loopback listeners (each client connection takes a local
/// source port, and there are only ip_local_port_range of them per destination address and port), no connection
/// limit, $SYS counters every second, no persistence, errors and warnings kept; bounded in time by `timeout`.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class ScaleMosquitto : IDisposable
{
    private readonly string _folder;
    private readonly BoundedProcess _process;
    private readonly ConcurrentQueue<string> _log = new();
    private int _logLines;

    public ScaleMosquitto(int listeners, TimeSpan bound)
    {
        MosquittoProcess.RequireInstalled();

        _folder = Directory.CreateTempSubdirectory("accessory-fleet-scale").FullName;
        Ports = FreePorts(listeners);
        var config = new System.Text.StringBuilder();
        foreach (int port in Ports)
        {
            config.Append(CultureInfo.InvariantCulture, $"listener {port} 127.0.0.1\nmax_connections -1\n");
        }

        config.Append("allow_anonymous true\npersistence false\nsys_interval 1\nmax_queued_messages 0\nlog_dest stderr\nlog_type error\nlog_type warning\n");
        string file = Path.Combine(_folder, "mosquitto.conf");
        File.WriteAllText(file, config.ToString());

        // mosquitto started as root reads its config, then drops to its own user: the folder must stay readable.
        File.SetUnixFileMode(_folder, (UnixFileMode)0b111_101_101);
        _process = BoundedProcess.Start(bound, MosquittoProcess.Executable, ["-c", file], Keep, Keep);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (int port in Ports)
        {
            while (!Listening(port))
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(10) || _process.HasExited)
                {
                    string log = string.Join('\n', _log);
                    Dispose();
                    throw new InvalidOperationException($"mosquitto did not listen on 127.0.0.1:{port}: {log}");
                }

                Thread.Sleep(20);
            }
        }
    }

    public IReadOnlyList<int> Ports { get; }

    public int Pid => _process.Pid;

    public bool HasExited => _process.HasExited;

    /// <summary>Lines mosquitto wrote (errors and warnings only), the first 50 kept.</summary>
    public IReadOnlyCollection<string> Log => _log.ToArray();

    public int LogLines => Volatile.Read(ref _logLines);

    public void Stop() => _process.Stop(TimeSpan.FromSeconds(15));

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static List<int> FreePorts(int count)
    {
        // All probes stay open until every port is chosen, so no two listeners get the same one.
        var probes = new List<TcpListener>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                probes.Add(probe);
            }

            return probes.Select(p => ((IPEndPoint)p.LocalEndpoint).Port).ToList();
        }
        finally
        {
            foreach (var probe in probes)
            {
                probe.Stop();
                probe.Dispose();
            }
        }
    }

    private void Keep(string line)
    {
        if (Interlocked.Increment(ref _logLines) <= 50)
        {
            _log.Enqueue(line);
        }
    }
}
