using System.Globalization;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// Our responder's own figures around one round of `bench mdns`, read from its /metrics (the control port, inside
/// its namespace) before and after the round, never during it: datagrams handled, bytes its receive thread allocated
/// per datagram, garbage collections and their pause, methods the JIT compiled, and handlings slower than 1 ms.
/// They do not depend on the machine's load, unlike the latencies, so they say whether a tail comes from the GC,
/// from tier-up compiling, or from waiting for a CPU.
/// </summary>
internal sealed class ResponderFigures
{
    private readonly Dictionary<string, double> _values;

    private ResponderFigures(Dictionary<string, double> values)
    {
        _values = values;
    }

    /// <summary>Reads the figures, or null (with the reason in <paramref name="problem"/>) when /metrics did not answer.</summary>
    public static ResponderFigures? Read(LanHost host, int controlPort, out string? problem)
    {
        try
        {
            using var handler = new SocketsHttpHandler { ConnectCallback = host.Namespace.HttpConnectCallback };
            using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
            string text = client.GetStringAsync(new Uri($"http://127.0.0.1:{controlPort}/metrics")).GetAwaiter().GetResult();
            problem = null;
            return new ResponderFigures(Parse(text));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            problem = e.Message;
            return null;
        }
    }

    /// <summary>One line: what changed from <paramref name="before"/> to this reading.</summary>
    public string Since(ResponderFigures before)
    {
        double datagrams = Delta(before, "accessory_mdns_queries_total");
        double allocated = Delta(before, "accessory_mdns_receive_allocated_bytes_total");
        double handled = Delta(before, "accessory_mdns_handling_seconds_count");
        double slow = handled - Delta(before, "accessory_mdns_handling_seconds_bucket{le=\"0.001\"}");
        return string.Format(
            CultureInfo.InvariantCulture,
            "responder internals: {0:0} datagrams, {1:0} B allocated per datagram, GCs gen0/1/2 {2:0}/{3:0}/{4:0} ({5} GC) paused {6:0.0} ms, JIT {7:0} methods {8:0.0} ms, handled in > 1 ms {9:0}",
            datagrams,
            datagrams > 0 ? allocated / datagrams : 0,
            Delta(before, "dotnet_collection_count_total{generation=\"0\"}"),
            Delta(before, "dotnet_collection_count_total{generation=\"1\"}"),
            Delta(before, "dotnet_collection_count_total{generation=\"2\"}"),
            Value("dotnet_gc_server") == 1 ? "server" : "workstation",
            Delta(before, "dotnet_gc_pause_seconds_total") * 1000,
            Delta(before, "dotnet_jit_compiled_methods_total"),
            Delta(before, "dotnet_jit_compilation_seconds_total") * 1000,
            slow);
    }

    // Prometheus text format: "name{labels} value" per line, # for comments.
    private static Dictionary<string, double> Parse(string text)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                values[line[..space]] = value;
            }
        }

        return values;
    }

    private double Value(string key) => _values.TryGetValue(key, out double value) ? value : double.NaN;

    private double Delta(ResponderFigures before, string key) => Value(key) - before.Value(key);
}
