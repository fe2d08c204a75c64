using Accessory.Simulator.Faults;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>
/// mdns.silent as python3-zeroconf on a phone sees it: a device that goes quiet is neither found by a new browse nor
/// removed from an old one (no goodbye: its records stay cached until they expire), and comes back by itself once
/// the fault is cleared.
/// </summary>
public sealed class MdnsSilentFaultTests
{
    private const string ServiceType = "_accessory._tcp.local.";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [ZeroconfFact]
    public async Task A_silent_device_is_not_found_is_not_removed_and_returns_when_the_fault_clears()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var accessory = await AdvertisedDevice.StartAsync(lan["device"], "PROV_5113E7");
        using var before = ZeroconfBrowser.Start(lan["phone"].Namespace, ServiceType, TimeSpan.FromSeconds(60));
        Assert.True(before.WaitForResolved("PROV_5113E7", Patience) != null, before.Transcript);

        accessory.Device.Faults.Set(FaultSpec.Parse("mdns.silent"));

        // A phone that starts looking now asks and gets no answer; zeroconf queries at once and again within a second.
        using (var during = ZeroconfBrowser.Start(lan["phone"].Namespace, ServiceType, TimeSpan.FromSeconds(30)))
        {
            Assert.True(during.WaitForResolved("PROV_5113E7", TimeSpan.FromSeconds(4)) == null, during.Transcript);
        }

        Assert.True(before.WaitForRemoved("PROV_5113E7", TimeSpan.FromMilliseconds(500)) == null, "a silent device sent a goodbye:\n" + before.Transcript);
        Assert.True(accessory.Advertiser.SuppressedDatagrams > 0, "the responder had nothing to answer");

        accessory.Device.Faults.Clear(FaultNames.MdnsSilent);

        using var after = ZeroconfBrowser.Start(lan["phone"].Namespace, ServiceType, TimeSpan.FromSeconds(30));
        var found = after.WaitForResolved("PROV_5113E7", Patience);
        Assert.True(found != null, after.Transcript);
        Assert.Contains(lan["device"].IPv4.ToString(), found!.Addresses);
    }
}
