using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>
/// Debian's mosquitto as a scenario's cloud broker (device key broker: mosquitto), on a free loopback port with a
/// generated config (anonymous, no persistence). The broker stays up through a broker_outage step, which then cuts
/// only the device's path to it: the runner's subscriber keeps its subscription and sees exactly what the device
/// delivers after the outage.
/// </summary>
internal sealed class QaMosquitto : IDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";
    private readonly Process _process;
    private readonly List<string> _stderr = [];

    private QaMosquitto(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static QaMosquitto Start(string folder, int port)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException("broker: mosquitto needs Debian's mosquitto (apt-get install mosquitto)");
        }

        string config = Path.Combine(folder, "mosquitto.conf");
        File.WriteAllText(config, $"listener {port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\n");
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(config);
        var process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start");
        var broker = new QaMosquitto(process, port);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null)
            {
                lock (broker._stderr)
                {
                    broker._stderr.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10) && !process.HasExited)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return broker;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }

        string output;
        lock (broker._stderr)
        {
            output = string.Join('\n', broker._stderr);
        }

        broker.Dispose();
        throw new InvalidOperationException($"mosquitto did not start on port {port}: {output}");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            _process.WaitForExit(10_000);
        }
        finally
        {
            _process.Dispose();
        }
    }
}
