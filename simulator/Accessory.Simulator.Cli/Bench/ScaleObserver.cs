using System.Globalization;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// What the broker itself saw, through mosquitto_sub (not our code): $SYS/broker/clients/connected every second,
/// and each device's retained availability, so "connected" is judged by distinct device ids that said "online"
/// and by the Last Wills ("offline") the broker sent when the devices went away.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class ScaleObserver : IDisposable
{
    private const string ConnectedTopic = "$SYS/broker/clients/connected";
    private readonly BoundedProcess _process;
    private readonly object _gate = new();
    private readonly HashSet<string> _online = new(StringComparer.Ordinal);
    private readonly HashSet<string> _offline = new(StringComparer.Ordinal);
    private int _clients = -1;
    private int _peakClients;

    public ScaleObserver(int port, TimeSpan bound)
    {
        // Line-buffered through stdbuf: on a pipe mosquitto_sub would hold its output back.
        _process = BoundedProcess.Start(bound, "/usr/bin/stdbuf",
            ["-oL", "/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-i", "fleet-scale-observer",
             "-q", "1", "-v", "-t", ConnectedTopic, "-t", "accessory/+/availability"],
            OnLine, _ => { });
    }

    /// <summary>Clients mosquitto reports connected, this observer included; -1 before the first report.</summary>
    public int Clients => Volatile.Read(ref _clients);

    public int PeakClients => Volatile.Read(ref _peakClients);

    public int Online
    {
        get
        {
            lock (_gate)
            {
                return _online.Count;
            }
        }
    }

    public int Offline
    {
        get
        {
            lock (_gate)
            {
                return _offline.Count;
            }
        }
    }

    public bool SaidOnline(string id)
    {
        lock (_gate)
        {
            return _online.Contains(id);
        }
    }

    /// <summary>Device ids that said "online" but are not in <paramref name="expected"/> (a wrong slice would show here).</summary>
    public int Unexpected(IReadOnlySet<string> expected)
    {
        lock (_gate)
        {
            return _online.Count(id => !expected.Contains(id));
        }
    }

    public void Dispose() => _process.Dispose();

    private void OnLine(string line)
    {
        int space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return;
        }

        string topic = line[..space];
        string payload = line[(space + 1)..];
        if (topic == ConnectedTopic)
        {
            if (int.TryParse(payload, NumberStyles.Integer, CultureInfo.InvariantCulture, out int clients))
            {
                Volatile.Write(ref _clients, clients);
                if (clients > _peakClients)
                {
                    Volatile.Write(ref _peakClients, clients);
                }
            }

            return;
        }

        string[] parts = topic.Split('/');
        if (parts.Length == 3)
        {
            lock (_gate)
            {
                _ = payload == "online" ? _online.Add(parts[1]) : payload == "offline" && _offline.Add(parts[1]);
            }
        }
    }
}
