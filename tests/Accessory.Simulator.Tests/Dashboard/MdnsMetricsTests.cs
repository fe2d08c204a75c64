using Accessory.Simulator.Metrics;
using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Mdns;

namespace Accessory.Simulator.Tests.Dashboard;

/// <summary>
/// The mDNS figures count real traffic: python3-zeroconf browsing from a phone namespace makes the device's
/// responder receive queries and send answers (inside the test's own namespaces, never on the real interface).
/// </summary>
public sealed class MdnsMetricsTests
{
    [ZeroconfFact]
    public async Task A_phone_browsing_moves_the_query_and_answer_counters()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var accessory = await AdvertisedDevice.StartAsync(lan["device"], "PROV_3E7A11");
        double queries = SimulatorMetrics.MdnsQueries.Value;
        double answers = SimulatorMetrics.MdnsAnswers.Value;

        using var browser = ZeroconfBrowser.Start(lan["phone"].Namespace, "_accessory._tcp.local.", TimeSpan.FromSeconds(30));
        Assert.True(browser.WaitForResolved("PROV_3E7A11", TimeSpan.FromSeconds(20)) != null, browser.Transcript);

        // Other tests may count too (the figures are per process); this browse alone must have added some.
        Assert.True(SimulatorMetrics.MdnsQueries.Value > queries, "no query counted");
        Assert.True(SimulatorMetrics.MdnsAnswers.Value > answers, "no answer counted");
    }
}
