using System.Globalization;
using Accessory.Simulator.Mdns.Reference;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>
/// mdns_goodbye_capture.py on an interface of a namespace (the "phone"): which instances' goodbye PTRs (TTL 0)
/// reached the phone's interface, counted from every frame before any client's socket buffer.
/// </summary>
internal sealed class GoodbyeCapture : IDisposable
{
    private readonly NamespaceProcess _process;

    private GoodbyeCapture(NamespaceProcess process)
    {
        _process = process;
    }

    public static GoodbyeCapture Start(NetworkNamespace phone, string interfaceName, string serviceType, TimeSpan duration)
    {
        var process = new NamespaceProcess(
            phone,
            MdnsScripts.Python,
            [
                MdnsScripts.GoodbyeCapture,
                "--interface", interfaceName,
                "--type", serviceType,
                "--duration", duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
            ]);
        var capture = new GoodbyeCapture(process);
        if (process.WaitForLine(l => BrowseEvent.TryParse(l)?.Kind == "ready", TimeSpan.FromSeconds(30)) == null)
        {
            var output = process.AllOutput;
            capture.Dispose();
            throw new InvalidOperationException("mdns_goodbye_capture.py did not start:\n" + output);
        }

        return capture;
    }

    /// <summary>Instances (full names) whose goodbye PTR reached the interface so far.</summary>
    public IReadOnlySet<string> Instances
    {
        get
        {
            var instances = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in _process.StdoutLines)
            {
                if (BrowseEvent.TryParse(line) is { Kind: "goodbye", Instance: { } instance })
                {
                    instances.Add(instance);
                }
            }

            return instances;
        }
    }

    /// <summary>The capture's last counters line (frames, goodbye packets, instances, unparsable packets).</summary>
    public string LastStats => _process.StdoutLines.LastOrDefault(l => l.Contains("\"stats\"", StringComparison.Ordinal)) ?? "(no stats yet)";

    public void Dispose() => _process.Dispose();
}
