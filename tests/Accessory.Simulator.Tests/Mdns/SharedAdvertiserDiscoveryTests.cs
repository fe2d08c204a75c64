using Accessory.Simulator.Net;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>
/// One shared responder advertising a fleet (each accessory with its own instance and host name) as real clients
/// see it: python3-zeroconf and avahi-browse in a "phone" namespace on the same private LAN. Nothing leaves the
/// namespaces.
/// </summary>
public sealed class SharedAdvertiserDiscoveryTests
{
    private const string ServiceType = "_accessory._tcp.local.";
    private const string FleetName = "Fleet";

    [ZeroconfFact]
    public void A_phone_browsing_finds_and_resolves_all_1000_instances_of_one_shared_responder()
    {
        const int count = 1000;
        using var lan = LanSegment.Create("fleet", "phone");
        using var fleet = LanLampFleet.Open(lan["fleet"], FleetName, count);
        LanLampFleet.StartAndWait(fleet, TimeSpan.FromSeconds(30));

        // A thousand resolutions at once queue up in the client (one Python thread each): give each time to finish.
        using var browser = ZeroconfBrowser.Start(lan["phone"].Namespace, ServiceType, TimeSpan.FromSeconds(120), resolveTimeout: TimeSpan.FromSeconds(30));
        var resolved = new Dictionary<string, BrowseEvent>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (resolved.Count < count && DateTime.UtcNow < deadline)
        {
            foreach (var e in browser.Events.Where(e => e.IsResolved && e.Instance != null))
            {
                resolved[e.Instance!] = e;
            }

            Thread.Sleep(250);
        }

        var unresolved = browser.Events.Where(e => e.Kind == "unresolved" && e.Instance != null && !resolved.ContainsKey(e.Instance)).Select(e => e.Instance!).Distinct().ToList();
        var missing = Enumerable.Range(0, count).Select(i => Instance(i) + "." + ServiceType).Where(n => !resolved.ContainsKey(n)).ToList();
        Assert.True(
            resolved.Count == count,
            $"resolved {resolved.Count}/{count}; {unresolved.Count} seen but unresolved: {string.Join(", ", unresolved.Take(20))}; missing: {string.Join(", ", missing.Take(20))}");
        for (int i = 0; i < count; i++)
        {
            var e = resolved[Instance(i) + "." + ServiceType];
            Assert.Equal(HostLabel(i) + ".local.", e.Host);
            Assert.Equal(DeviceId(i), e.Txt["id"]);
            Assert.Equal(8000 + i, e.Port);
            Assert.Contains(lan["fleet"].IPv4.ToString(), e.Addresses);
        }
    }

    [ZeroconfFact(NeedsAvahi = true)]
    public void Avahi_browse_resolves_each_instance_to_its_own_host_name_and_sees_a_removed_one_go()
    {
        const int count = 50;
        using var lan = LanSegment.Create("fleet", "phone");
        using var fleet = LanLampFleet.Open(lan["fleet"], FleetName, count);
        LanLampFleet.StartAndWait(fleet, TimeSpan.FromSeconds(30));
        using var browser = AvahiBrowser.Start(lan["phone"], "_accessory._tcp");

        for (int i = 0; i < count; i++)
        {
            var line = browser.WaitForResolved(Instance(i), "IPv4", TimeSpan.FromSeconds(30));
            Assert.True(line != null, $"{Instance(i)} not resolved:\n" + Tail(browser.Transcript));
            Assert.Equal(HostLabel(i) + ".local", line![6]);
            Assert.Equal(lan["fleet"].IPv4.ToString(), line[7]);
            Assert.Contains("\"id=" + DeviceId(i) + "\"", line[9], StringComparison.Ordinal);
        }

        fleet.Remove(Instance(7));

        // Only a goodbye removes it this side of the PTR's 4500 s TTL; avahi-browse reports it about a second later
        // when the machine is idle, later when it is loaded.
        Assert.True(browser.WaitForRemoved(Instance(7), "IPv4", TimeSpan.FromSeconds(60)) != null, Tail(browser.Transcript));
        Assert.Equal(count - 1, fleet.Count);
    }

    private static string Instance(int i) => LanLampFleet.Instance(FleetName, i);

    private static string HostLabel(int i) => LanLampFleet.HostLabel(FleetName, i);

    private static string DeviceId(int i) => LanLampFleet.DeviceId(i);

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
