using System.Diagnostics;
using System.Globalization;
using Accessory.Simulator.Fleet;

namespace Accessory.Simulator.Cli.Fleet;

/// <summary>What the fleet command says about its mDNS advertising: the names, when every one is established, the goodbyes.</summary>
internal static class FleetMdnsReport
{
    // Probing takes under a second per name; a fleet whose names are not all established after this has conflicts
    // or an interface that drops its packets, and saying so beats waiting silently.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static void Describe(FleetRun run, TextWriter output)
    {
        if (run.Mdns is not { } mdns)
        {
            return;
        }

        string first = mdns.FirstDeviceId ?? run.Devices[0].DeviceId;
        output.WriteLine($"mdns: {mdns.Count} devices advertised on {mdns.InterfaceName} through one responder, each as {FleetMdns.InstanceNameOf("<id>")}._accessory._tcp.local. on {FleetMdns.HostLabelOf("<ID>")}.local (first: {FleetMdns.InstanceNameOf(first)} on {FleetMdns.HostLabelOf(first)}.local)");
        var leftOut = run.Spec.Groups.Where(g => !g.Advertised).ToList();
        if (leftOut.Count > 0)
        {
            output.WriteLine($"mdns: not advertised (mdns: false): {string.Join(", ", leftOut.Select(g => $"group {g.Name} ({g.Count} devices)"))}");
        }
    }

    /// <summary>Prints one line once every name is probed and announced (or once it is clear they are not); ends on stop.</summary>
    public static async Task WatchAsync(FleetRun run, Stopwatch clock, TextWriter output, CancellationToken stop)
    {
        if (run.Mdns is not { } mdns)
        {
            return;
        }

        var deadline = clock.Elapsed + Patience;
        try
        {
            while (!mdns.IsEstablished)
            {
                if (clock.Elapsed > deadline)
                {
                    output.WriteLine($"mdns: not every name is established after {Patience.TotalSeconds:F0} s (name conflicts on the LAN? see the mdns warnings)");
                    output.Flush();
                    return;
                }

                await Task.Delay(100, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mdns: all {mdns.Count} instances established (probed and announced) after {clock.Elapsed.TotalSeconds:F1} s"));
        output.Flush();
    }

    public static void Stopping(FleetRun run, TextWriter output)
    {
        if (run.Mdns is { } mdns)
        {
            output.WriteLine($"mdns: withdrawing {mdns.Count} instances with goodbyes");
        }
    }
}
