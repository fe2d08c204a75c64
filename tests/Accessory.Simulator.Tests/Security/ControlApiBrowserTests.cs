using Accessory.Simulator.Tests.Faults;
using Accessory.Simulator.Tests.LocalApi;

namespace Accessory.Simulator.Tests.Security;

/// <summary>
/// The fault control API through curl, as a browser would send it: a page on another site posting text/plain
/// ("simple" requests need no CORS preflight), and a DNS-rebound name in Host. Neither may set a fault.
/// </summary>
public class ControlApiBrowserTests
{
    [Fact]
    public async Task A_cross_site_text_plain_post_is_refused_and_sets_nothing()
    {
        await using var api = ControlServerFixture.Start();

        var run = await CurlProcess.RunAsync("-i", "-X", "POST", "-H", "Content-Type: text/plain", "-H", "Origin: https://evil.example", "--data", "http.status:code=500", api.Url + "/faults");

        Assert.StartsWith("HTTP/1.1 403 ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("cross-origin requests are refused", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Access-Control-Allow-Origin", run.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(api.Faults.Snapshot());
    }

    [Fact]
    public async Task A_rebound_host_name_is_refused_and_loopback_names_work()
    {
        await using var api = ControlServerFixture.Start();

        var rebound = await CurlProcess.RunAsync("-i", "-X", "POST", "-H", "Host: attacker.example:" + api.Server.Port, "--data", "http.status:code=500", api.Url + "/faults");
        Assert.StartsWith("HTTP/1.1 403 ", rebound.Stdout, StringComparison.Ordinal);
        Assert.Empty(api.Faults.Snapshot());

        var local = await CurlProcess.RunAsync("-i", "-X", "POST", "--data", "http.status:code=500", "http://localhost:" + api.Server.Port + "/faults");
        Assert.StartsWith("HTTP/1.1 200 ", local.Stdout, StringComparison.Ordinal);
        Assert.Single(api.Faults.Snapshot());
    }
}
