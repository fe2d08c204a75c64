using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Tests.Faults;

/// <summary>The control API as a person drives it from a shell: curl.</summary>
public class FaultControlCurlTests
{
    [Fact]
    public async Task Curl_sets_lists_and_clears_faults()
    {
        await using var api = ControlServerFixture.Start();

        var set = Curl.Run("--data-binary", "http.vary:cache-control=\"max-age=60, private\",vary=on", api.Url + "/faults");
        Assert.Equal(200, set.Status);
        Assert.Equal([("http.vary", "http.vary:vary=true,cache-control=\"max-age=60, private\"")], FaultControlServerTests.Active(set.Body));

        var list = Curl.Run(api.Url + "/faults");
        Assert.Equal((200, set.Body), list);

        var clear = Curl.Run("-X", "DELETE", api.Url + "/faults/http.vary");
        Assert.Equal(200, clear.Status);
        Assert.Empty(api.Faults.Snapshot());
    }

    [Fact]
    public async Task Curl_gets_a_400_with_the_reason_for_a_bad_spec_and_nothing_changes()
    {
        await using var api = ControlServerFixture.Start();
        api.Faults.Set(FaultSpec.Parse("ws.no-pong"));

        var bad = Curl.Run("--data-binary", "tls.chain:variant=broken", api.Url + "/faults");

        Assert.Equal(400, bad.Status);
        Assert.Equal(
            "fault 'tls.chain': parameter 'variant' cannot be 'broken'; allowed: one of: self-signed, valid, missing-intermediate, expired, wrong-hostname, untrusted-root; nothing was changed",
            FaultControlServerTests.Error(bad.Body));
        Assert.Equal(["ws.no-pong"], api.Faults.Snapshot().Select(s => s.Name));
        Assert.Equal(404, Curl.Run(api.Url + "/faults/ws.abort").Status);
        Assert.Equal(200, Curl.Run(api.Url + "/faults/ws.no-pong").Status);
    }

    [Fact]
    public async Task Curl_gets_the_catalogue()
    {
        await using var api = ControlServerFixture.Start();

        var catalogue = Curl.Run(api.Url + "/faults/catalogue");

        Assert.Equal(200, catalogue.Status);
        Assert.Contains("\"name\":\"tls.abort-without-close-notify\"", catalogue.Body, StringComparison.Ordinal);
    }
}
