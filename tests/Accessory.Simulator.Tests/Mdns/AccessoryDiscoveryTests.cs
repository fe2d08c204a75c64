using Accessory.Core.Device;
using Accessory.Simulator.Net;

using Accessory.Simulator.Mdns.Reference;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>
/// The simulated accessory as a phone's Bonjour/NSD stack sees it: python3-zeroconf (a client we did not write) in a
/// "phone" namespace on the same LAN segment as the device's namespace. Nothing is multicast outside the namespaces.
/// </summary>
public sealed class AccessoryDiscoveryTests
{
    private const string ServiceType = "_accessory._tcp.local.";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    // A goodbye (TTL 0) makes the client drop the record about a second later; without one the PTR stays for its
    // 4500 s TTL. Any wait far below the TTL tells the two apart, and python3-zeroconf's event thread can fall seconds
    // behind on a loaded machine, so the wait is generous rather than "about a second". The browses that wait for it
    // run 120 s, so the wait, not the end of the browse, is what bounds it.
    private static readonly TimeSpan GoodbyeSeen = TimeSpan.FromSeconds(60);

    [ZeroconfFact]
    public async Task A_browsing_phone_discovers_and_resolves_the_accessory_with_every_txt_key()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var accessory = await AdvertisedDevice.StartAsync(lan["device"], "PROV_D15C01", apiPort: 8443);
        using var browser = ZeroconfBrowser.Start(lan["phone"].Namespace, ServiceType, TimeSpan.FromSeconds(30));

        var found = browser.WaitForResolved("PROV_D15C01", Patience);

        Assert.True(found != null, browser.Transcript);
        Assert.Equal("prov-d15c01.local.", found!.Host);
        Assert.Equal(8443, found.Port);
        Assert.Equal(accessory.Device.Identity.DeviceId, found.Txt["id"]);
        Assert.Equal("sim-lamp", found.Txt["model"]);
        Assert.Equal("0.1.0", found.Txt["fw"]);
        Assert.Equal("1", found.Txt["proto"]);
        Assert.NotNull(found.Txt["state"]);
        Assert.Contains(lan["device"].IPv4.ToString(), found.Addresses);
    }

    [ZeroconfFact]
    public async Task Two_devices_with_one_name_end_up_with_distinct_names_and_both_resolve()
    {
        using var lan = LanSegment.Create("first", "second", "phone");
        await using var first = await AdvertisedDevice.StartAsync(lan["first"], "Kitchen Lamp");
        await WaitUntil(() => first.Advertiser.Responder.IsEstablished);
        await using var second = await AdvertisedDevice.StartAsync(lan["second"], "Kitchen Lamp");
        await WaitUntil(() => second.Advertiser.Responder.IsEstablished);

        Assert.Equal("Kitchen Lamp", first.Advertiser.InstanceName);
        Assert.Equal("Kitchen Lamp (2)", second.Advertiser.InstanceName);
        Assert.NotEqual(first.Advertiser.HostName, second.Advertiser.HostName);
        using var browser = ZeroconfBrowser.Start(lan["phone"].Namespace, ServiceType, TimeSpan.FromSeconds(30));
        var one = browser.WaitForResolved("Kitchen Lamp", Patience);
        var two = browser.WaitForResolved("Kitchen Lamp (2)", Patience);
        Assert.True(one != null && two != null, browser.Transcript);
        Assert.Contains(lan["first"].IPv4.ToString(), one!.Addresses);
        Assert.Contains(lan["second"].IPv4.ToString(), two!.Addresses);
    }

    [ZeroconfFact]
    public async Task A_state_change_is_seen_by_a_browsing_phone_as_a_txt_update()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var accessory = await AdvertisedDevice.StartAsync(lan["device"], "PROV_7E57A1");
        using var browser = ZeroconfBrowser.Start(lan["phone"].Namespace, ServiceType, TimeSpan.FromSeconds(30));
        var before = browser.WaitForResolved("PROV_7E57A1", Patience);
        Assert.True(before != null, browser.Transcript);

        accessory.Device.Lifecycle.Fire(DeviceTrigger.FactoryReset);

        var after = browser.WaitFor(e => e.Kind == "updated" && e.Txt.TryGetValue("state", out var s) && s != before!.Txt["state"], Patience);
        Assert.True(after != null, browser.Transcript);
        Assert.Equal("unprovisioned", after!.Txt["state"]);
    }

    [ZeroconfFact]
    public async Task Stopping_the_device_sends_a_goodbye_the_phone_sees_as_removal()
    {
        using var lan = LanSegment.Create("device", "phone");
        var accessory = await AdvertisedDevice.StartAsync(lan["device"], "PROV_600DB7");
        using var browser = ZeroconfBrowser.Start(lan["phone"].Namespace, ServiceType, TimeSpan.FromSeconds(120));
        Assert.True(browser.WaitForResolved("PROV_600DB7", Patience) != null, browser.Transcript);

        await accessory.DisposeAsync();

        Assert.True(browser.WaitForRemoved("PROV_600DB7", GoodbyeSeen) != null, browser.Transcript);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "condition not met within 5 s");
    }

    [ZeroconfFact]
    public async Task Accessory_sim_run_with_mdns_interface_is_discovered_and_says_goodbye_on_ctrl_c()
    {
        using var lan = LanSegment.Create("device", "phone");
        using var data = new Support.TempDirectory("accessory-mdns-cli");
        using var browser = ZeroconfBrowser.Start(lan["phone"].Namespace, ServiceType, TimeSpan.FromSeconds(120));
        using var sim = new NamespaceProcess(lan["device"].Namespace, "dotnet",
        [
            Support.BuildPaths.SimulatorCli, "run", "--data-dir", data.Path, "--name", "PROV_C11A00", "--no-provisioning",
            "--mdns-interface", lan["device"].InterfaceName, "--api-port", "9443", "--timing", "fast",
        ]);
        Assert.True(sim.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), Patience) != null, sim.AllOutput);
        Assert.Contains("mdns:     PROV_C11A00._accessory._tcp.local. on prov-c11a00.local", sim.StdoutLines);

        var found = browser.WaitForResolved("PROV_C11A00", Patience);
        Assert.True(found != null, browser.Transcript + sim.AllOutput);
        Assert.Equal(9443, found!.Port);

        sim.Stop(TimeSpan.FromSeconds(10));
        Assert.True(browser.WaitForRemoved("PROV_C11A00", GoodbyeSeen) != null, browser.Transcript + sim.AllOutput);
        await Task.CompletedTask;
    }

    [ZeroconfFact(NeedsAvahi = true)]
    public async Task Avahi_browse_on_the_phone_resolves_the_accessory_on_IPv4_and_IPv6()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var accessory = await AdvertisedDevice.StartAsync(lan["device"], "PROV_A7A41B", apiPort: 8443);
        using var browser = AvahiBrowser.Start(lan["phone"], "_accessory._tcp");

        var v4 = browser.WaitForResolved("PROV_A7A41B", "IPv4", Patience);
        var v6 = browser.WaitForResolved("PROV_A7A41B", "IPv6", Patience);

        Assert.True(v4 != null && v6 != null, browser.Transcript);
        Assert.Equal("prov-a7a41b.local", v4![6]);
        Assert.Equal(lan["device"].IPv4.ToString(), v4[7]);
        Assert.Equal("8443", v4[8]);
        Assert.Contains("\"id=" + accessory.Device.Identity.DeviceId + "\"", v4[9], StringComparison.Ordinal);
        Assert.Contains("\"state=provisioning\"", v4[9], StringComparison.Ordinal);
    }
}
