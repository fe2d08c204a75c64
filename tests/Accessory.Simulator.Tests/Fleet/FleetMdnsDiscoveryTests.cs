using System.Net.Sockets;
using Accessory.Core.Ports;
using Accessory.Simulator.Fleet;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Mdns;
using Accessory.Simulator.Tests.Mqtt;

namespace Accessory.Simulator.Tests.Fleet;

/// <summary>
/// A fleet of 1,000 devices connected to a real mosquitto and advertised through one shared responder inside a test
/// LAN (network namespaces), as a phone running python3-zeroconf sees it: every instance found and resolved to its
/// own host name, a device's lifecycle change showing in its TXT record, goodbyes removing all of them at the stop.
/// </summary>
public sealed class FleetMdnsDiscoveryTests
{
    private const string ServiceType = "_accessory._tcp.local.";
    private const int Count = 1000;

    [ZeroconfFact]
    public Task A_phone_finds_and_resolves_all_1000_fleet_devices_and_sees_a_lifecycle_change_in_the_txt() => RunAsync(checkGoodbyes: false);

    [ZeroconfFact]
    public Task The_goodbyes_at_the_stop_remove_all_1000_from_the_phone() => RunAsync(checkGoodbyes: true);

    private static async Task RunAsync(bool checkGoodbyes)
    {
        using var broker = new Mosquitto();
        using var lan = LanSegment.Create("fleet", "phone");
        var host = lan["fleet"];
        var spec = new FleetSpec
        {
            Name = "mdns-lab",
            StartRate = 1000,
            Groups = [new FleetGroup { Name = "lamps", Count = Count, Model = "sim-bulb", FirmwareVersion = "2.0.1", TelemetryEvery = TimeSpan.Zero }],
        };
        var mdns = LanAdvertiserOptions.For(host);
        var mdnsWarnings = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var log = new FleetLog(LogLevel.Warning, line =>
        {
            if (line.Contains(" mdns: ", StringComparison.Ordinal))
            {
                mdnsWarnings.Enqueue(line);
            }
        });
        var run = await FleetRun.CreateAsync(spec, broker.Uri, log, firstIndex: 0, mdns: mdns);
        // Name conflicts and renames with when they happened: a fleet alone on its LAN must have none.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var notes = new System.Collections.Concurrent.ConcurrentQueue<string>();
        run.Mdns!.Advertiser.Responder.ConflictDetected += name => notes.Enqueue($"{clock.ElapsedMilliseconds} ms conflict {name} ({mdnsWarnings.LastOrDefault()})");
        run.Mdns.Advertiser.Responder.Renamed += (from, to) => notes.Enqueue($"{clock.ElapsedMilliseconds} ms renamed {from} -> {to}");
        run.Devices[123].Core.Lifecycle.StateChanged += (from, to, why) => notes.Enqueue($"{clock.ElapsedMilliseconds} ms device 123 {from} -> {to} ({why})");
        ZeroconfBrowser? browser = null;
        GoodbyeCapture? capture = null;
        try
        {
        try
        {
            await run.StartAsync(CancellationToken.None);
            await WaitUntilAsync(() => run.Snapshot().Connected == Count && run.Mdns!.IsEstablished, TimeSpan.FromSeconds(120), () => $"connected {run.Snapshot().Connected}/{Count}, mdns established {run.Mdns!.IsEstablished}");

            // A thousand resolutions at once queue up in the client (one Python thread each): give each time to finish.
            browser = ZeroconfBrowser.Start(lan["phone"].Namespace, ServiceType, TimeSpan.FromSeconds(420), resolveTimeout: TimeSpan.FromSeconds(30));
            if (checkGoodbyes)
            {
                // What a goodbye acts on is the browse's PTR in the client's cache: every instance seen (resolved or,
                // after the client's resolve timeout, reported unresolved) is enough; the first test checks resolution.
                var seen = new HashSet<string>(StringComparer.Ordinal);
                await WaitUntilAsync(
                    () =>
                    {
                        seen.UnionWith(browser.Events.Where(e => e.Instance != null && (e.IsResolved || e.Kind == "unresolved")).Select(e => e.Instance!));
                        return AllNames().All(seen.Contains);
                    },
                    TimeSpan.FromSeconds(150),
                    () => $"seen {seen.Count}/{Count}; notes: {string.Join("; ", notes)}");

                // The client keeps querying; give it time (bounded) to cache every instance's PTR before the stop.
                var settle = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                while (DateTime.UtcNow < settle && browser.Events.Count(e => e.Kind == "added") < Count)
                {
                    await Task.Delay(500);
                }
            }
            else
            {
                var resolved = new Dictionary<string, BrowseEvent>(StringComparer.Ordinal);
                await WaitUntilAsync(
                    () =>
                    {
                        foreach (var e in browser.Events.Where(e => e.IsResolved && e.Instance != null))
                        {
                            resolved[e.Instance!] = e;
                        }

                        return AllNames().All(resolved.ContainsKey);
                    },
                    TimeSpan.FromSeconds(150),
                    () => Missing(resolved.Keys, browser) + "; notes: " + string.Join("; ", notes));
                Assert.True(resolved.Count == Count, "instances the fleet never advertised: " + string.Join(", ", resolved.Keys.Except(AllNames()).Take(10)) + "; notes: " + string.Join("; ", notes));
                Assert.Equal(Count, run.Mdns!.Count);
                for (int i = 0; i < Count; i++)
                {
                    string id = FleetDevice.DeviceIdOf(i);
                    var e = resolved[FleetMdns.InstanceNameOf(id) + "." + ServiceType];
                    Assert.Equal(FleetMdns.HostLabelOf(id) + ".local.", e.Host);
                    Assert.Equal(FleetMdns.NoApiPort, e.Port);
                    Assert.Equal(id, e.Txt["id"]);
                    Assert.Equal("sim-bulb", e.Txt["model"]);
                    Assert.Equal("2.0.1", e.Txt["fw"]);
                    Assert.Equal("online", e.Txt["state"]);
                    Assert.Contains(host.IPv4.ToString(), e.Addresses);
                }

                // The device's access point goes away: its lifecycle leaves Online and its TXT says so, then it comes back.
                var device = run.Devices[123];
                string label = FleetMdns.InstanceNameOf(device.DeviceId);
                // Only events after this point count (the startup's may have said connecting too). Counted before the
                // loss, not after it: the announcement and the client's "updated" line follow the loss within
                // milliseconds, and Events parses every line so far (1,000+), which on a loaded machine took longer;
                // counted after the loss, the update was counted among the old events and the wait never saw it.
                int before = browser.Events.Count;
                notes.Enqueue($"{clock.ElapsedMilliseconds} ms wifi loss (wall {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0:F3}, the script's \"t\" clock)");
                // Measured in 4 runs (in 2 the client's and the fleet's CPU capped to imitate load): the state changed
                // 22-97 ms after LoseWifi, and the TXT announcement reached the phone's interface and the script printed
                // the update within 3 ms of that. The script prints the TXT it resolves (from its cache) after the
                // change, so the loss must outlast that resolution; 30 s leaves a wide margin for a loaded machine, and
                // the wait ends as soon as the update is seen.
                Assert.True(device.LoseWifi(TimeSpan.FromSeconds(30)));
                await WaitUntilAsync(
                    () => browser.Events.Skip(before).Any(e => e.Kind == "updated" && e.Instance == label + "." + ServiceType && e.Txt.GetValueOrDefault("state") == "connecting"),
                    TimeSpan.FromSeconds(30),
                    () => $"no TXT update to state=connecting; notes: {string.Join("; ", notes)}\n{Tail(browser.Transcript)}");

                // Back online (the rest of the 30 s loss, then the device's next reconnect attempt, at most 30 s
                // later): a phone that browses now resolves it with state=online. (A fresh client: python3-zeroconf
                // reported no "updated" for the TXT returning to a value it had cached before.)
                await WaitUntilAsync(() => device.Core.Lifecycle.State == Accessory.Core.Device.DeviceState.Online, TimeSpan.FromSeconds(120), () => "device 123 did not come back online: " + string.Join("; ", notes));
                using var fresh = ZeroconfBrowser.Start(lan["phone"].Namespace, ServiceType, TimeSpan.FromSeconds(150), resolveTimeout: TimeSpan.FromSeconds(30));
                var again = fresh.WaitFor(e => e.IsResolved && e.Instance == label + "." + ServiceType, TimeSpan.FromSeconds(120));
                Assert.True(again != null, "device 123 not resolved by a fresh browser: " + string.Join("; ", notes));
                Assert.Equal("online", again!.Txt["state"]);
            }
        }
        finally
        {
            if (checkGoodbyes)
            {
                capture = GoodbyeCapture.Start(lan["phone"].Namespace, lan["phone"].InterfaceName, ServiceType, TimeSpan.FromSeconds(120));
            }

            notes.Enqueue($"{clock.ElapsedMilliseconds} ms stopping");
            await run.DisposeAsync();
            notes.Enqueue($"{clock.ElapsedMilliseconds} ms stopped");
        }

        if (!checkGoodbyes)
        {
            return;
        }

        // The stop withdrew every instance with goodbyes: each one's TTL-0 PTR reached the phone's interface...
        await WaitUntilAsync(
            () => AllNames().All(capture!.Instances.Contains),
            TimeSpan.FromSeconds(30),
            () => $"goodbyes at the phone for {capture!.Instances.Count}/{Count}; missing: {string.Join(", ", AllNames().Where(n => !capture.Instances.Contains(n)).Take(10))}; " +
                $"capture {capture.LastStats}; notes: {string.Join("; ", notes)}; fleet {UdpCounters(host.Namespace)}");

        // ...and the phone drops every instance it had browsed, now, not after the 75-minute TTL. python3-zeroconf acts on
        // a goodbye only for a PTR in its cache: an instance it reported only as "updated" (it heard the instance's SRV,
        // TXT or address but never its PTR) is not in its list and its goodbye PTR is ignored. Under load the browse
        // missed PTRs (985 and 782 of 1,000 in two runs: the responder dropped datagrams at its full socket buffer
        // while it was behind; open, docs/fleet.md), so the removals are checked for every instance the client added;
        // the first test checks that a phone finds all 1,000.
        Assert.True(browser!.Events.All(e => e.Kind != "done"), "the phone's browse ended before the goodbyes: " + string.Join("; ", notes));
        var added = browser.Events.Where(e => e.Kind == "added" && e.Instance != null).Select(e => e.Instance!).ToHashSet(StringComparer.Ordinal);
        Assert.True(added.Count > 0, $"the client browsed no instance (no PTR cached); notes: {string.Join("; ", notes)}; fleet {UdpCounters(host.Namespace)}");
        var removed = new HashSet<string>(StringComparer.Ordinal);
        await WaitUntilAsync(
            () =>
            {
                foreach (var e in browser!.Events.Where(e => e.Kind == "removed" && e.Instance != null))
                {
                    removed.Add(e.Instance!);
                }

                return added.All(removed.Contains);
            },
            TimeSpan.FromSeconds(60),
            () => $"removed {removed.Count} of {added.Count} added; not removed: {string.Join(", ", added.Where(n => !removed.Contains(n)).Take(10))}; " +
                $"notes: {string.Join("; ", notes)}; phone {UdpCounters(lan["phone"].Namespace)}; fleet {UdpCounters(host.Namespace)}; warnings {string.Join(", ", log.WarningsByComponent)}; " +
                $"events {string.Join(", ", browser!.Events.GroupBy(e => e.Kind).Select(g => g.Key + " " + g.Count()))}\n{Tail(browser.Transcript)}");
        }
        finally
        {
            capture?.Dispose();
            browser?.Dispose();
        }
    }

    private static IEnumerable<string> AllNames() =>
        Enumerable.Range(0, Count).Select(i => FleetMdns.InstanceNameOf(FleetDevice.DeviceIdOf(i)) + "." + ServiceType);

    // The kernel's UDP counters in a namespace (RcvbufErrors: datagrams dropped for a full socket buffer), for failure messages.
    private static string UdpCounters(NetworkNamespace ns)
    {
        var snmp = ns.Run("/bin/cat", ["/proc/net/snmp"], TimeSpan.FromSeconds(10));
        return string.Join(" / ", snmp.StandardOutput.Split('\n').Where(l => l.StartsWith("Udp: ", StringComparison.Ordinal)));
    }

    private static string Missing(IEnumerable<string> resolved, ZeroconfBrowser browser)
    {
        var seen = resolved.ToHashSet(StringComparer.Ordinal);
        var missing = AllNames().Where(n => !seen.Contains(n)).ToList();
        var unresolved = browser.Events.Where(e => e.Kind == "unresolved").Select(e => e.Instance).Distinct().Count();
        return $"resolved {seen.Count}/{Count}, {unresolved} reported unresolved by the client; missing: {string.Join(", ", missing.Take(20))}";
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan patience, Func<string> state)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {patience.TotalSeconds} s: {state()}");
            await Task.Delay(250);
        }
    }
}
