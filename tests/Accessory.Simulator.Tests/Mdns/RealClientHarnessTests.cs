using Accessory.Simulator.Net;

using Accessory.Simulator.Mdns.Reference;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>
/// Proves the real-client harness against known-good responders (avahi-daemon, python3-zeroconf) so that, pointed at
/// our responder, a failure means the responder and not the harness.
/// </summary>
public sealed class RealClientHarnessTests
{
    private const string ServiceType = "_acctest._tcp.local.";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [ZeroconfFact(NeedsAvahi = true)]
    public void Zeroconf_in_the_phone_namespace_resolves_a_service_avahi_publishes_in_the_device_namespace()
    {
        using var lan = LanSegment.Create("dev", "phone");
        using var avahi = AvahiResponder.Start(lan["dev"], "lamp-avahi", ("Avahi Lamp", "_acctest._tcp", 8081, ["model=lamp", "fw=1.0", "flag"]));
        using var browser = ZeroconfBrowser.Start(lan["phone"].Namespace, ServiceType, TimeSpan.FromSeconds(25));

        var seen = browser.WaitForResolved("Avahi Lamp", Patience);

        Assert.True(seen != null, "not resolved; browser:\n" + browser.Transcript + "\navahi:\n" + avahi.Log);
        Assert.Equal("Avahi Lamp._acctest._tcp.local.", seen.Instance);
        Assert.Equal("lamp-avahi.local.", seen.Host);
        Assert.Equal(8081, seen.Port);
        Assert.Equal("lamp", seen.Txt["model"]);
        Assert.Equal("1.0", seen.Txt["fw"]);
        Assert.Null(seen.Txt["flag"]);
        Assert.Contains("10.77.0.1", seen.Addresses);
    }

    [ZeroconfFact(NeedsAvahi = true)]
    public void Zeroconf_reports_the_goodbye_when_avahi_stops()
    {
        using var lan = LanSegment.Create("dev", "phone");
        using var browser = ZeroconfBrowser.Start(lan["phone"].Namespace, ServiceType, TimeSpan.FromSeconds(25));
        var avahi = AvahiResponder.Start(lan["dev"], "gone-avahi", ("Short Lived", "_acctest._tcp", 9000, ["a=1"]));
        try
        {
            Assert.True(browser.WaitForResolved("Short Lived", Patience) != null, browser.Transcript);
        }
        finally
        {
            avahi.Dispose();
        }

        Assert.True(browser.WaitForRemoved("Short Lived", Patience) != null, "no removal; browser:\n" + browser.Transcript);
    }

    [ZeroconfFact]
    public void Zeroconf_sees_a_zeroconf_service_added_its_txt_updated_and_its_goodbye()
    {
        using var lan = LanSegment.Create("dev", "phone");
        using var browser = ZeroconfBrowser.Start(lan["phone"].Namespace, ServiceType, TimeSpan.FromSeconds(25));
        using var device = ZeroconfRegistration.Start(lan["dev"].Namespace, ServiceType, "Lamp 1", "lamp-1.local.", 8080, lan["dev"].IPv4, "state=off");

        var added = browser.WaitForResolved("Lamp 1", Patience);
        Assert.True(added != null, browser.Transcript);
        Assert.Equal("off", added.Txt["state"]);
        Assert.Equal(["10.77.0.1"], added.Addresses);

        device.UpdateTxt("state=on", "v=2");
        var updated = browser.WaitFor(e => e.Kind == "updated" && e.Txt.TryGetValue("state", out var s) && s == "on", Patience);
        Assert.True(updated != null, browser.Transcript);
        Assert.Equal("2", updated.Txt["v"]);

        device.Unregister();
        Assert.True(browser.WaitForRemoved("Lamp 1", Patience) != null, browser.Transcript);
    }

    [ZeroconfFact]
    public void Browsing_a_type_nobody_offers_reports_nothing_but_ready_and_done()
    {
        using var lan = LanSegment.Create("dev", "phone");
        using var device = ZeroconfRegistration.Start(lan["dev"].Namespace, ServiceType, "Other", "other.local.", 1, lan["dev"].IPv4);
        using var browser = ZeroconfBrowser.Start(lan["phone"].Namespace, "_nobody._tcp.local.", TimeSpan.FromSeconds(3));

        Assert.NotNull(browser.WaitFor(e => e.Kind == "done", TimeSpan.FromSeconds(30)));
        Assert.Equal(["ready", "done"], browser.Events.Select(e => e.Kind));
    }

    [ZeroconfFact(NeedsAvahi = true)]
    public void Avahi_browse_with_a_private_bus_in_the_phone_namespace_resolves_avahi_on_both_families()
    {
        using var lan = LanSegment.Create("dev", "phone");
        using var avahi = AvahiResponder.Start(lan["dev"], "lamp-av2", ("Bus Lamp", "_acctest._tcp", 8082, ["k=v"]));
        using var browser = AvahiBrowser.Start(lan["phone"], "_acctest._tcp");

        var v4 = browser.WaitForResolved("Bus Lamp", "IPv4", Patience);
        Assert.True(v4 != null, browser.Transcript);
        Assert.Equal("lamp-av2.local", v4[6]);
        Assert.Equal("10.77.0.1", v4[7]);
        Assert.Equal("8082", v4[8]);
        Assert.Equal("\"k=v\"", v4[9]);

        var v6 = browser.WaitForResolved("Bus Lamp", "IPv6", Patience);
        Assert.True(v6 != null, browser.Transcript);
        Assert.StartsWith("fe80::77:1", v6[7], StringComparison.Ordinal);
    }

    [ZeroconfFact(NeedsAvahi = true)]
    public void Zeroconf_browsing_over_IPv6_only_resolves_avahi_with_its_link_local_address()
    {
        using var lan = LanSegment.Create("dev", "phone");
        using var avahi = AvahiResponder.Start(lan["dev"], "lamp-v6", ("Six Lamp", "_acctest._tcp", 8086, ["six=1"]));
        using var browser = ZeroconfBrowser.Start(lan["phone"].Namespace, ServiceType, TimeSpan.FromSeconds(25), ip: "v6");

        var seen = browser.WaitForResolved("Six Lamp", Patience);

        Assert.True(seen != null, "not resolved over IPv6; browser:\n" + browser.Transcript + "\navahi:\n" + avahi.Log);
        Assert.Equal(8086, seen.Port);
        Assert.Contains(seen.Addresses, a => a.StartsWith("fe80::77:1", StringComparison.Ordinal));
    }
}
