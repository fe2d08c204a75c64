using System.Globalization;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// The mosquitto processes of `bench fleet-scale`, each with one listener per fleet process it serves and its own
/// observer (mosquitto_sub). One is enough where a process may hold a descriptor per device; where the hard
/// RLIMIT_NOFILE cannot be raised (no CAP_SYS_RESOURCE, even as root) each broker holds at most that many clients,
/// so the devices are spread over several.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class ScaleBrokers : IDisposable
{
    private readonly List<(ScaleMosquitto Broker, ScaleObserver Observer)> _all = [];

    /// <param name="listeners">Listeners of each broker (one per fleet process it serves).</param>
    public ScaleBrokers(IReadOnlyList<int> listeners, TimeSpan bound)
    {
        try
        {
            foreach (int count in listeners)
            {
                var broker = new ScaleMosquitto(count, bound);
                ScaleObserver observer;
                try
                {
                    observer = new ScaleObserver(broker.Ports[0], bound);
                }
                catch
                {
                    broker.Dispose();
                    throw;
                }

                _all.Add((broker, observer));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Count => _all.Count;

    public ScaleMosquitto this[int index] => _all[index].Broker;

    public IEnumerable<ScaleMosquitto> Brokers => _all.Select(a => a.Broker);

    /// <summary>Devices connected by the brokers' $SYS counts (observers not counted); -1 until every broker reported.</summary>
    public int Clients => _all.Any(a => a.Observer.Clients < 0) ? -1 : _all.Sum(a => a.Observer.Clients - 1);

    public int PeakClients => _all.Sum(a => Math.Max(0, a.Observer.PeakClients - 1));

    public int Online => _all.Sum(a => a.Observer.Online);

    public int Offline => _all.Sum(a => a.Observer.Offline);

    public bool AnyExited => _all.Any(a => a.Broker.HasExited);

    public int ObserverClients(int index) => _all[index].Observer.Clients - 1;

    /// <summary>Of <paramref name="expected"/>, how many no broker saw say "online".</summary>
    public int MissingOnline(IReadOnlySet<string> expected) => expected.Count(id => !_all.Any(a => a.Observer.SaidOnline(id)));

    public int Unexpected(IReadOnlySet<string> expected) => _all.Sum(a => a.Observer.Unexpected(expected));

    /// <summary>Waits until every observer has its first $SYS report (it is subscribed and mosquitto publishes).</summary>
    public async Task<bool> WaitReadyAsync(TimeSpan within, CancellationToken cancel)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (_all.Any(a => a.Observer.Clients < 1))
        {
            if (clock.Elapsed > within)
            {
                return false;
            }

            await Task.Delay(50, cancel).ConfigureAwait(false);
        }

        return true;
    }

    public string Describe() => string.Join("; ", _all.Select((a, i) => string.Create(CultureInfo.InvariantCulture,
        $"mosquitto {i} pid {a.Broker.Pid} on {string.Join(", ", a.Broker.Ports.Select(p => "127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture)))}, open files limit {ProcReadings.MaxOpenFiles(a.Broker.Pid)?.ToString(CultureInfo.InvariantCulture) ?? "?"}")));

    public void Dispose()
    {
        foreach (var (broker, observer) in _all)
        {
            observer.Dispose();
            broker.Dispose();
        }

        _all.Clear();
    }
}
